// The integrator commands: what a customer of the platform does with its
// client credentials, through @cardepass/sdk. Each top-level command carries
// the connection options (--url, --client-id, --client-secret, --json). The
// two single commands live here: `cardepass products` (what the customer can
// issue) and `cardepass transactions` (what its cards have spent).
import type { Command } from 'commander';
import type { Product, Transaction } from '@cardepass/sdk';
import {
  action, addApiOptions, addDateOptions, apiContext, dateQuery, DEFAULT_LIST_LIMIT, pageSizeFor, parseLimit, type DateFlags,
} from '../../api-context.ts';
import { printResult, printTable, type Column } from '../../output.ts';
import { registerAccountCommands } from './accounts.ts';
import { registerCardCommands } from './cards.ts';
import { registerOrderCommands } from './orders.ts';
import { registerWebhookCommands } from './webhooks.ts';
import { registerEventCommands } from './events.ts';
import { registerListenCommand } from './listen.ts';

const PRODUCT_COLUMNS: Column<Product>[] = [
  { header: 'Code', value: (p) => p.productCode },
  { header: 'Models', value: (p) => p.cardModels.join(',') },
  { header: 'Currencies', value: (p) => p.cardCurrency.join(',') },
  { header: 'Name', value: (p) => p.productName },
];

const TRANSACTION_COLUMNS: Column<Transaction>[] = [
  { header: 'Time', value: (t) => t.transactionTime },
  { header: 'Transaction id', value: (t) => t.transactionId },
  { header: 'Card', value: (t) => t.cardId },
  { header: 'Type', value: (t) => t.transactionType },
  { header: 'Status', value: (t) => t.status },
  { header: 'Amount', value: (t) => t.amount },
  { header: 'Currency', value: (t) => t.currency },
  { header: 'Decline', value: (t) => t.declineReason },
  { header: 'Merchant', value: (t) => t.merchantName },
];

interface TransactionFlags extends DateFlags { card?: string; type?: string; status?: string; limit: number }

function registerCatalogCommands(program: Command): void {
  addApiOptions(program.command('products'))
    .description('Products you can apply for: card models and currencies')
    .action(action(async (_flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.products.list(), (rows) => printTable(rows, PRODUCT_COLUMNS, 'No products.'));
    }));

  addDateOptions(addApiOptions(program.command('transactions')))
    .description('Card transactions (authorizations, clearings, reversals, refunds), newest first')
    .option('--card <cardId>', 'only this card')
    .option('--type <transactionType>', 'Authorization | Clearing | Reversal | Refund')
    .option('--status <status>', 'Pending | Declined | Settled | Reversed | Expired | Completed')
    .option('--limit <n>', 'at most this many rows', parseLimit, DEFAULT_LIST_LIMIT)
    .action(action(async (flags: TransactionFlags, command: Command) => {
      const { client, json } = apiContext(command);
      const query = {
        ...dateQuery(flags), pageSize: pageSizeFor(flags.limit),
        ...(flags.card ? { cardId: flags.card } : {}),
        // Checked by the server, which names the accepted values in its error.
        ...(flags.type ? { transactionType: flags.type as Transaction['transactionType'] } : {}),
        ...(flags.status ? { status: flags.status as Transaction['status'] } : {}),
      };
      const rows = await client.transactions.list(query).toArray(flags.limit);
      printResult(json, rows, (list) => printTable(list, TRANSACTION_COLUMNS, 'No transactions.'));
    }));
}

export function registerClientCommands(program: Command): void {
  registerCatalogCommands(program);
  registerCardCommands(program);
  registerOrderCommands(program);
  registerAccountCommands(program);
  registerWebhookCommands(program);
  registerEventCommands(program);
  registerListenCommand(program);
}
