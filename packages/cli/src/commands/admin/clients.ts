// `cardepass admin clients …`: a customer's API credentials (client_id and
// client_secret for POST /openapi/connect/token). A customer may hold several,
// so one can be rotated in before the old one is revoked.
import type { Command } from 'commander';
import type { ApiClient } from '../../admin-client.ts';
import { note, printFields, printResult, printTable, type Column } from '../../output.ts';
import { adminContext } from './connection.ts';

const CLIENT_COLUMNS: Column<ApiClient>[] = [
  { header: 'Client id', value: (c) => c.clientId },
  { header: 'Status', value: (c) => c.status },
  { header: 'Created', value: (c) => c.createdOn },
];

function printClient(apiClient: ApiClient): void {
  printFields({ clientId: apiClient.clientId, customerId: apiClient.customerId, status: apiClient.status, createdOn: apiClient.createdOn });
}

export function registerClientCommands(adminCommand: Command): void {
  const clients = adminCommand.command('clients').description("Create, list and revoke a customer's API credentials");

  clients.command('create')
    .description('Create new client credentials for a customer')
    .requiredOption('--customer <customerId>', 'customer id')
    .action(async (flags: { customer: string }, command: Command) => {
      const { client, json } = adminContext(command);
      printResult(json, await client.createClient(flags.customer), (created) => {
        printFields({ customerId: created.customerId, clientId: created.clientId, clientSecret: created.clientSecret });
        // Only a hash is stored server-side; there is no way to show it again.
        note('The client secret is shown only now; store it safely.');
      });
    });

  clients.command('list')
    .description("List a customer's clients (secrets are never shown again)")
    .requiredOption('--customer <customerId>', 'customer id')
    .action(async (flags: { customer: string }, command: Command) => {
      const { client, json } = adminContext(command);
      printResult(json, await client.listClients(flags.customer), (rows) => printTable(rows, CLIENT_COLUMNS, 'No clients.'));
    });

  clients.command('revoke')
    .description('Revoke client credentials: no new tokens, and its existing tokens are refused')
    .argument('<clientId>', 'client id')
    .action(async (clientId: string, _flags: object, command: Command) => {
      const { client, json } = adminContext(command);
      printResult(json, await client.revokeClient(clientId), printClient);
    });
}
