// `cardepass admin customers …`: the platform's integrators. Creating one also
// creates its funding accounts and first API client on the server.
import { InvalidArgumentError, type Command } from 'commander';
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

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a whole number from 1');
  return value;
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
    .description('List customers, newest first, a page at a time')
    .option('--search <text>', 'part of the name or customer id (at most 100 characters)')
    .option('--status <status>', 'Active or Disabled')
    .option('--page <n>', 'page number, from 1', positiveInteger)
    .option('--page-size <n>', 'customers per page (at most 100)', positiveInteger)
    .action(async (flags: { search?: string; status?: 'Active' | 'Disabled'; page?: number; pageSize?: number }, command: Command) => {
      const { client, json } = adminContext(command);
      const page = await client.listCustomers({ q: flags.search, status: flags.status, PageNumber: flags.page, PageSize: flags.pageSize });
      printResult(json, page, (result) => {
        printTable(result.data, CUSTOMER_COLUMNS, 'No customers.');
        // On stderr, so the table alone can be piped.
        if (result.totalPages > 1) note(`Page ${result.pageNumber} of ${result.totalPages} (${result.totalRecords} customers); more with --page.`);
      });
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
