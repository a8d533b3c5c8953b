// `cardepass admin customers …`: the platform's integrators. Creating one also
// creates its funding accounts and first API client on the server.
import type { Command } from 'commander';
import type { CreatedCustomer, Customer } from '../../admin-client.ts';
import { note, printFields, printResult, printTable, type Column } from '../../output.ts';
import { adminContext } from './connection.ts';

const CUSTOMER_COLUMNS: Column<Customer>[] = [
  { header: 'Customer id', value: (c) => c.customerId },
  { header: 'Status', value: (c) => c.status },
  { header: 'Created', value: (c) => c.createdOn },
  // Last: names vary most in length, and the last column is not padded.
  { header: 'Name', value: (c) => c.name },
];

function printCustomer(customer: Customer): void {
  printFields({ customerId: customer.customerId, name: customer.name, status: customer.status, createdOn: customer.createdOn });
}

function printCreatedCustomer(created: CreatedCustomer): void {
  printFields({
    customerId: created.customerId, name: created.name, status: created.status, createdOn: created.createdOn,
    clientId: created.clientId, clientSecret: created.clientSecret,
  });
  // The server keeps only a hash of the secret: losing it means creating a new client.
  note('The client secret is shown only now; store it safely.');
}

export function registerCustomerCommands(adminCommand: Command): void {
  const customers = adminCommand.command('customers').description('Create, list, disable and enable customers');

  customers.command('create')
    .description('Create a customer with its funding accounts and first API client')
    .requiredOption('--name <name>', 'customer name (1–128 characters)')
    .action(async (flags: { name: string }, command: Command) => {
      const { client, json } = adminContext(command);
      printResult(json, await client.createCustomer(flags.name), printCreatedCustomer);
    });

  customers.command('list')
    .description('List customers, newest first (at most 1000)')
    .action(async (_flags: object, command: Command) => {
      const { client, json } = adminContext(command);
      printResult(json, await client.listCustomers(), (rows) => printTable(rows, CUSTOMER_COLUMNS, 'No customers.'));
    });

  for (const action of ['disable', 'enable'] as const) {
    customers.command(action)
      .description(action === 'disable'
        ? 'Disable a customer: its tokens are refused (403) and it cannot get new ones'
        : 'Enable a disabled customer again')
      .argument('<customerId>', 'customer id')
      .action(async (customerId: string, _flags: object, command: Command) => {
        const { client, json } = adminContext(command);
        printResult(json, await client.setCustomerStatus(customerId, action), printCustomer);
      });
  }
}
