import type { ApplyShareBalanceCardRequest, CardOrderRequest, CreditLimitRequest, Currency } from '@cardepass/contract';
import { newCardId } from '../../lib/ids.ts';
import type { Catalog } from '../catalog.ts';
import type { AccountDirectory } from '../ledger/accounts.ts';
import type { CardDirectory } from '../cards.ts';
import { computeFee } from '../fees.ts';
import { optionalAmount, requireAmount, requestHash } from './inputs.ts';
import type { OrderDetail } from './model.ts';
import { cancelFeeDetail, holdsNothing, ModeOrders, productDetail, serializeFees, sumFees, type Principal } from './mode-orders.ts';
import { insufficientFunds, type OrderPipeline, type Submitted } from './pipeline.ts';

/**
 * The business rules of ShareBalance-mode orders. A ShareBalance card has no
 * ledger account: it spends from the customer's funding account within its
 * limits, so nothing is ever loaded onto it or settled from it. Its orders
 * move only fees (open and cancel), paid from the funding account: held at
 * accept, moved to fee revenue at completion, released on failure.
 */
export class ShareBalanceOrders extends ModeOrders {
  constructor(catalog: Catalog, accounts: AccountDirectory, cards: CardDirectory, pipeline: OrderPipeline) {
    super(catalog, accounts, cards, pipeline, 'ShareBalance');
  }

  async apply(who: Principal, body: ApplyShareBalanceCardRequest): Promise<Submitted> {
    const { product, currency } = await this.catalog.requireOffering(body.productCode, 'ShareBalance', body.cardCurrency, who.customerId);
    const limits = requireLimits(body, currency);
    // Only SHARE_BALANCE_OPEN applies (CARD_ISSUE is the Standard card's fee); a Percent fee is of the 0 loaded onto the card.
    const feeItems = this.fees(product, currency, 0n, ['SHARE_BALANCE_OPEN']);
    const fee = sumFees(feeItems);
    const alias = body.cardAlias ?? null;
    const order = this.newOrder(who, 'ApplyCard', body.customerOrderNo, currency, {
      cardId: newCardId(), amountMinor: 0n, feeMinor: fee, ...(await this.feeHold(who, currency, fee)),
      hash: requestHash(['ApplyCard', 'ShareBalance', product.code, currency, limits.maxAuthMinor, limits.maxCreditMinor, alias]),
      detail: {
        ...productDetail(product, currency), maskCardNumber: null, alias, feeItems: serializeFees(feeItems),
        limits: serializeLimits(limits), accounts: await this.feeAccounts(who, currency),
      },
    });
    return this.submit(who, { order }, () => insufficientFunds(currency, fee));
  }

  async creditLimit(who: Principal, body: CreditLimitRequest): Promise<Submitted> {
    const { card, product } = await this.cardOf(who, body.cardId);
    const limits = requireLimits(body, card.currency);
    const order = this.newOrder(who, 'CreditLimit', body.customerOrderNo, card.currency, {
      cardId: card.cardId, amountMinor: 0n, feeMinor: 0n, holdAccountId: null, holdMinor: 0n,
      hash: requestHash(['CreditLimit', card.cardId, limits.maxAuthMinor, limits.maxCreditMinor]),
      detail: {
        ...productDetail(product, card.currency), maskCardNumber: card.maskCardNumber, feeItems: [],
        limits: serializeLimits(limits), accounts: {},
      },
    });
    // The 'limits' guard refuses, in the accepting statement, a maxCredit below the card's used credit.
    return this.submit(who, { order, cardGuard: 'limits' }, holdsNothing);
  }

  async cancel(who: Principal, body: CardOrderRequest): Promise<Submitted> {
    const { card, product } = await this.cardOf(who, body.cardId);
    const rule = product.fees.CARD_CANCEL;
    // The card holds no balance: a Percent cancel fee is of 0. Open authorization holds stay on the
    // funding account and may still clear after the cancel, as the network can present late.
    const fee = computeFee(rule, 0n, card.currency);
    const order = this.newOrder(who, 'CardCancel', body.customerOrderNo, card.currency, {
      cardId: card.cardId, amountMinor: 0n, feeMinor: fee, ...(await this.feeHold(who, card.currency, fee)),
      hash: requestHash(['CardCancel', card.cardId]),
      detail: {
        ...productDetail(product, card.currency), maskCardNumber: card.maskCardNumber,
        ...cancelFeeDetail(rule, fee), accounts: await this.feeAccounts(who, card.currency),
      },
    });
    return this.submit(who, { order, cardGuard: 'cancel' }, () => insufficientFunds(card.currency, fee));
  }

  /** The fee is held on the funding account; with no fee nothing is held (and the account's row is not locked). */
  private async feeHold(who: Principal, currency: Currency, fee: bigint) {
    if (fee === 0n) return { holdAccountId: null, holdMinor: 0n };
    return { holdAccountId: await this.accounts.id(who.customerId, 'funding', currency), holdMinor: fee };
  }

  private async feeAccounts(who: Principal, currency: Currency): Promise<OrderDetail['accounts']> {
    return {
      source: String(await this.accounts.id(who.customerId, 'funding', currency)),
      fee: String(await this.accounts.id(who.customerId, 'fee_revenue', currency)),
    };
  }
}

interface Limits { maxAuthMinor: bigint; maxCreditMinor: bigint | null }

/** maxAuthAmount is required and > 0; maxCreditAmount absent, null or "" means unlimited, else > 0. */
function requireLimits(body: { maxAuthAmount: unknown; maxCreditAmount?: unknown }, currency: Currency): Limits {
  const maxAuthMinor = requireAmount('maxAuthAmount', body.maxAuthAmount, currency);
  return { maxAuthMinor, maxCreditMinor: optionalAmount('maxCreditAmount', body.maxCreditAmount, currency) };
}

const serializeLimits = (l: Limits) => ({ maxAuthMinor: String(l.maxAuthMinor), maxCreditMinor: l.maxCreditMinor === null ? null : String(l.maxCreditMinor) });
