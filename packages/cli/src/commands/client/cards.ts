// `cardepass cards …`: one card's details and every order on a card. Block,
// unblock and cancel work on both card modes: the command reads the card's
// cardModel first and calls that mode's endpoint.
import type { Command } from 'commander';
import type { Cardepass, Card } from '@cardepass/sdk';
import { action, addApiOptions, apiContext } from '../../api-context.ts';
import { printResult } from '../../output.ts';
import { presentCard, printCard, printOrder, type AnyOrder } from './render.ts';

interface ApplyFlags {
  product: string; currency: string; topUp?: string; shareBalance?: boolean; maxAuth?: string; maxCredit?: string;
  alias?: string; orderNo?: string;
}

/** The fields both card modes' apply requests share. */
function applyCommon(flags: ApplyFlags) {
  if (Boolean(flags.topUp) === Boolean(flags.shareBalance)) throw new Error('pass either --top-up AMOUNT (a Standard card) or --share-balance --max-auth AMOUNT');
  if (flags.topUp && (flags.maxAuth || flags.maxCredit)) throw new Error('--max-auth and --max-credit are for --share-balance cards');
  if (flags.shareBalance && !flags.maxAuth) throw new Error('--share-balance needs --max-auth AMOUNT (the largest single authorization)');
  // Amounts go as the text typed: the server parses decimal text exactly.
  return {
    productCode: flags.product, cardCurrency: flags.currency.toUpperCase(),
    ...(flags.alias !== undefined ? { cardAlias: flags.alias } : {}),
    ...(flags.orderNo !== undefined ? { customerOrderNo: flags.orderNo } : {}),
  };
}

async function apply(client: Cardepass, flags: ApplyFlags): Promise<AnyOrder> {
  const common = applyCommon(flags);
  if (flags.topUp) return await client.orders.standard.apply({ ...common, topUpAmount: flags.topUp });
  return await client.orders.shareBalance.apply({ ...common, maxAuthAmount: flags.maxAuth!, ...(flags.maxCredit ? { maxCreditAmount: flags.maxCredit } : {}) });
}

/** The orders resource of the card's mode. */
async function ordersFor(client: Cardepass, cardId: string) {
  const card: Card = await client.cards.retrieve(cardId);
  return card.cardModel === 'ShareBalance' ? client.orders.shareBalance : client.orders.standard;
}

export function registerCardCommands(program: Command): void {
  const cards = addApiOptions(program.command('cards'))
    .description('Show a card, apply for cards and run orders on them')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError(false);

  cards.command('get')
    .description('Show a card: number, expiry, balance, status, limits (number and CVV masked unless --reveal)')
    .argument('<cardId>', 'card id')
    .option('--reveal', 'show the full card number and CVV')
    .action(action(async (cardId: string, flags: { reveal?: boolean }, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, presentCard(await client.cards.retrieve(cardId), Boolean(flags.reveal)), printCard);
    }));

  cards.command('apply')
    .description('Apply for a card: Standard with a first top-up, or ShareBalance with limits')
    .requiredOption('--product <code>', 'product code, e.g. PROD001 (see: cardepass products)')
    .requiredOption('--currency <code>', 'card currency, e.g. USD')
    .option('--top-up <amount>', 'Standard card: first top-up from the funding account')
    .option('--share-balance', 'a ShareBalance card, spending from the funding account within limits')
    .option('--max-auth <amount>', 'ShareBalance: largest single authorization')
    .option('--max-credit <amount>', 'ShareBalance: total credit limit (default: unlimited)')
    .option('--alias <text>', 'card alias')
    .option('--order-no <customerOrderNo>', 'your order number; repeat it to retry without a second card (default: generated)')
    .action(action(async (flags: ApplyFlags, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await apply(client, flags), printOrder);
    }));

  cards.command('topup')
    .description('Top up a Standard card from the funding account')
    .argument('<cardId>', 'card id')
    .argument('<amount>', 'amount, e.g. 100 or 25.50')
    .option('--order-no <customerOrderNo>', 'your order number (default: generated)')
    .action(action(async (cardId: string, amount: string, flags: { orderNo?: string }, command: Command) => {
      const { client, json } = apiContext(command);
      const order = await client.orders.standard.topUp({ cardId, topUpAmount: amount, customerOrderNo: flags.orderNo });
      printResult(json, order, printOrder);
    }));

  cards.command('withdraw')
    .description('Move money from a Standard card back to the funding account (default: all the balance allows after the fee)')
    .argument('<cardId>', 'card id')
    .argument('[amount]', 'amount (default: everything)')
    .option('--order-no <customerOrderNo>', 'your order number (default: generated)')
    .action(action(async (cardId: string, amount: string | undefined, flags: { orderNo?: string }, command: Command) => {
      const { client, json } = apiContext(command);
      const order = await client.orders.standard.withdraw({ cardId, ...(amount ? { withdrawAmount: amount } : {}), customerOrderNo: flags.orderNo });
      printResult(json, order, printOrder);
    }));

  const stateChanges = {
    block: 'Block an Active card (it cannot spend)',
    unblock: 'Unblock a Blocked card',
    cancel: 'Cancel a card for good (a Standard card\'s balance, less the fee, returns to the funding account)',
  } as const;
  for (const [operation, description] of Object.entries(stateChanges) as Array<[keyof typeof stateChanges, string]>) {
    cards.command(operation)
      .description(description)
      .argument('<cardId>', 'card id')
      .option('--order-no <customerOrderNo>', 'your order number (default: generated)')
      .action(action(async (cardId: string, flags: { orderNo?: string }, command: Command) => {
        const { client, json } = apiContext(command);
        const orders = await ordersFor(client, cardId);
        const order = await orders[operation]({ cardId, customerOrderNo: flags.orderNo });
        printResult(json, order, printOrder);
      }));
  }

  cards.command('limits')
    .description('Change a ShareBalance card\'s limits')
    .argument('<cardId>', 'card id')
    .requiredOption('--max-auth <amount>', 'largest single authorization')
    .option('--max-credit <amount>', 'total credit limit')
    .option('--unlimited', 'no total credit limit')
    .option('--order-no <customerOrderNo>', 'your order number (default: generated)')
    .action(action(async (cardId: string, flags: { maxAuth: string; maxCredit?: string; unlimited?: boolean; orderNo?: string }, command: Command) => {
      // The API reads an absent total as "unlimited": make the operator say so rather than lift a limit by omission.
      if (Boolean(flags.maxCredit) === Boolean(flags.unlimited)) throw new Error('pass either --max-credit AMOUNT or --unlimited');
      const { client, json } = apiContext(command);
      const order = await client.orders.shareBalance.creditLimit({
        cardId, maxAuthAmount: flags.maxAuth, maxCreditAmount: flags.unlimited ? null : flags.maxCredit, customerOrderNo: flags.orderNo,
      });
      printResult(json, order, printOrder);
    }));
}
