// `cardepass orders …`: look an order up by either number, or list recent ones.
// Without --mode, `get` tries the Standard query and then the ShareBalance one,
// so a person does not need to know which mode an order number belongs to.
import { InvalidArgumentError, type Command } from 'commander';
import { NotFoundError, type Cardepass, type OrderRef, type ShareBalanceOrderType, type StandardOrderType } from '@cardepass/sdk';
import { action, addApiOptions, apiContext, DEFAULT_LIST_LIMIT, pageSizeFor, parseLimit } from '../../api-context.ts';
import { printResult, printTable } from '../../output.ts';
import { ORDER_COLUMNS, printOrder, type AnyOrder } from './render.ts';

type Mode = 'standard' | 'sharebalance';

function parseMode(value: string): Mode {
  const mode = value.trim().toLowerCase();
  if (mode !== 'standard' && mode !== 'sharebalance') throw new InvalidArgumentError('expected standard or sharebalance.');
  return mode;
}

const resourceOf = (client: Cardepass, mode: Mode) => (mode === 'standard' ? client.orders.standard : client.orders.shareBalance);

async function findOrder(client: Cardepass, ref: OrderRef, mode: Mode | undefined): Promise<AnyOrder> {
  if (mode) return await resourceOf(client, mode).retrieve(ref);
  try {
    return await client.orders.standard.retrieve(ref);
  } catch (notStandard) {
    if (!(notStandard instanceof NotFoundError)) throw notStandard;
    try {
      return await client.orders.shareBalance.retrieve(ref);
    } catch (error) {
      // In neither mode: the first answer (ORDER_NOT_FOUND) says so best.
      throw error instanceof NotFoundError ? notStandard : error;
    }
  }
}

export function registerOrderCommands(program: Command): void {
  const orders = addApiOptions(program.command('orders'))
    .description('Look up and list orders')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError(false);

  orders.command('get')
    .description('One order, by its orderNo or by your customerOrderNo')
    .option('--order-no <orderNo>', "the platform's order number")
    .option('--customer-order-no <customerOrderNo>', 'your order number')
    .option('--mode <mode>', 'standard | sharebalance (default: look in both)', parseMode)
    .action(action(async (flags: { orderNo?: string; customerOrderNo?: string; mode?: Mode }, command: Command) => {
      if (Boolean(flags.orderNo) === Boolean(flags.customerOrderNo)) throw new Error('pass either --order-no or --customer-order-no');
      const { client, json } = apiContext(command);
      const ref: OrderRef = flags.orderNo ? { orderNo: flags.orderNo } : { customerOrderNo: flags.customerOrderNo! };
      printResult(json, await findOrder(client, ref, flags.mode), printOrder);
    }));

  orders.command('list')
    .description('Recent orders of one card mode, newest first')
    .option('--mode <mode>', 'standard | sharebalance', parseMode, 'standard' as Mode)
    .option('--type <orderType>', 'only this order type, e.g. ApplyCard, CardTopUp, CreditLimit')
    .option('--limit <n>', 'at most this many orders', parseLimit, DEFAULT_LIST_LIMIT)
    .action(action(async (flags: { mode: Mode; type?: string; limit: number }, command: Command) => {
      const { client, json } = apiContext(command);
      const pageSize = pageSizeFor(flags.limit);
      // The server checks the type against the mode's own list and names the accepted values when it refuses.
      const rows: AnyOrder[] = flags.mode === 'standard'
        ? await client.orders.standard.list({ orderType: flags.type as StandardOrderType | undefined, pageSize }).toArray(flags.limit)
        : await client.orders.shareBalance.list({ orderType: flags.type as ShareBalanceOrderType | undefined, pageSize }).toArray(flags.limit);
      printResult(json, rows, (list) => printTable(list, ORDER_COLUMNS, 'No orders.'));
    }));
}
