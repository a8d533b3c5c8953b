// `cardepass accounts …`: the funding accounts, and the money movements on
// them (`logs`) and on the cards (`card-logs`). The SDK walks the pages; the
// commands print up to --limit rows, newest first.
import type { Command } from 'commander';
import type { AccountLog, FundingAccount } from '@cardepass/sdk';
import {
  action, addApiOptions, addDateOptions, apiContext, dateQuery, DEFAULT_LIST_LIMIT, pageSizeFor, parseLimit, type DateFlags,
} from '../../api-context.ts';
import { printResult, printTable, type Column } from '../../output.ts';

const ACCOUNT_COLUMNS: Column<FundingAccount>[] = [
  { header: 'Currency', value: (a) => a.currency },
  { header: 'Available', value: (a) => a.amount },
  { header: 'Ledger', value: (a) => a.ledgerAmount },
  { header: 'Held', value: (a) => a.heldAmount },
];

const LOG_COLUMNS: Column<AccountLog>[] = [
  { header: 'Time', value: (l) => l.createdOn },
  { header: 'Type', value: (l) => l.logType },
  { header: 'Amount', value: (l) => l.amount },
  { header: 'Currency', value: (l) => l.currency },
  { header: 'Balance after', value: (l) => l.balanceAfter },
  { header: 'Card', value: (l) => l.cardId },
  { header: 'Order', value: (l) => l.orderNo },
  // Last: descriptions vary most in length, and the last column is not padded.
  { header: 'Description', value: (l) => l.description },
];

export function registerAccountCommands(program: Command): void {
  const accounts = addApiOptions(program.command('accounts'))
    .description('Funding accounts and their movements (without a subcommand: list the accounts)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError(false);

  accounts.command('list', { isDefault: true })
    .description('Funding accounts: available, ledger and held amounts per currency')
    .action(action(async (_flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.accounts.list(), (rows) => printTable(rows, ACCOUNT_COLUMNS, 'No funding accounts.'));
    }));

  addDateOptions(accounts.command('logs'))
    .description('Movements on the funding accounts, newest first')
    .option('--currency <code>', 'only this currency')
    .option('--limit <n>', 'at most this many rows', parseLimit, DEFAULT_LIST_LIMIT)
    .action(action(async (flags: DateFlags & { currency?: string; limit: number }, command: Command) => {
      const { client, json } = apiContext(command);
      const query = { ...dateQuery(flags), ...(flags.currency ? { currency: flags.currency.toUpperCase() } : {}), limit: pageSizeFor(flags.limit) };
      const rows = await client.accounts.logs(query).toArray(flags.limit);
      printResult(json, rows, (list) => printTable(list, LOG_COLUMNS, 'No movements.'));
    }));

  addDateOptions(accounts.command('card-logs'))
    .description('Movements on Standard cards (top-ups, withdrawals, fees), newest first')
    .option('--card <cardId>', 'only this card')
    .option('--limit <n>', 'at most this many rows', parseLimit, DEFAULT_LIST_LIMIT)
    .action(action(async (flags: DateFlags & { card?: string; limit: number }, command: Command) => {
      const { client, json } = apiContext(command);
      const query = { ...dateQuery(flags), ...(flags.card ? { cardId: flags.card } : {}), pageSize: pageSizeFor(flags.limit) };
      const rows = await client.accounts.cardLogs(query).toArray(flags.limit);
      printResult(json, rows, (list) => printTable(list, LOG_COLUMNS, 'No movements.'));
    }));
}
