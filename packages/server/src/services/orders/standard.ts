import { newCardId } from '../../lib/ids.ts';
import { ApiError } from '../../lib/api-error.ts';
import type { Catalog } from '../catalog.ts';
import type { AccountDirectory } from '../ledger/accounts.ts';
import type { CardDirectory } from '../cards.ts';
import { computeFee, largestAmountWithin } from '../fees.ts';
import { optionalAmount, requireAmount, requestHash } from './inputs.ts';
import { cancelFeeDetail, ModeOrders, productDetail, serializeFees as serialize, sumFees as sum, type Principal } from './mode-orders.ts';
import { insufficientCardBalance, insufficientFunds, type OrderPipeline, type Submitted } from './pipeline.ts';
import type {
  ApplyStandardCardRequest, TopUpRequest, WithdrawRequest, CardOrderRequest,
} from '@cardepass/contract';

export type { Principal } from './mode-orders.ts';

// A cancel reads the card's balance, then holds exactly that; if money moved in between, read again.
const CANCEL_ATTEMPTS = 3;
const MINIMUM_TOP_UP_MAJOR = 1;

/** The business rules of Standard-mode orders: validation, fees, what to hold. The pipeline does the rest. */
export class StandardOrders extends ModeOrders {
  constructor(catalog: Catalog, accounts: AccountDirectory, cards: CardDirectory, pipeline: OrderPipeline) {
    super(catalog, accounts, cards, pipeline, 'Standard');
  }

  async apply(who: Principal, body: ApplyStandardCardRequest): Promise<Submitted> {
    const { product, currency } = await this.catalog.requireOffering(body.productCode, 'Standard', body.cardCurrency, who.customerId);
    const topUp = requireAmount('topUpAmount', body.topUpAmount, currency);
    const feeItems = this.fees(product, currency, topUp, ['CARD_ISSUE', 'CARD_TOPUP']);
    const fee = sum(feeItems);
    const funding = await this.accounts.id(who.customerId, 'funding', currency);
    const feeAccount = await this.accounts.id(who.customerId, 'fee_revenue', currency);
    const alias = body.cardAlias ?? null;
    const order = this.newOrder(who, 'ApplyCard', body.customerOrderNo, currency, {
      cardId: newCardId(),
      amountMinor: topUp, feeMinor: fee, holdAccountId: funding, holdMinor: topUp + fee,
      hash: requestHash(['ApplyCard', product.code, currency, topUp, alias]),
      detail: { ...productDetail(product, currency), maskCardNumber: null, alias, feeItems: serialize(feeItems),
        accounts: { source: String(funding), fee: String(feeAccount) } },
    });
    return this.submit(who, { order, createCardAccount: true }, () => insufficientFunds(currency, topUp + fee));
  }

  async topUp(who: Principal, body: TopUpRequest): Promise<Submitted> {
    const { card, product } = await this.cardOf(who, body.cardId);
    const amount = requireAmount('topUpAmount', body.topUpAmount, card.currency, MINIMUM_TOP_UP_MAJOR);
    const feeItems = this.fees(product, card.currency, amount, ['CARD_TOPUP']);
    const fee = sum(feeItems);
    const funding = await this.accounts.id(who.customerId, 'funding', card.currency);
    const feeAccount = await this.accounts.id(who.customerId, 'fee_revenue', card.currency);
    const order = this.newOrder(who, 'CardTopUp', body.customerOrderNo, card.currency, {
      cardId: card.cardId, amountMinor: amount, feeMinor: fee, holdAccountId: funding, holdMinor: amount + fee,
      hash: requestHash(['CardTopUp', card.cardId, amount]),
      detail: { ...productDetail(product, card.currency), maskCardNumber: card.maskCardNumber, feeItems: serialize(feeItems),
        accounts: { source: String(funding), destination: String(card.accountId), fee: String(feeAccount) } },
    });
    return this.submit(who, { order, cardGuard: 'money' }, () => insufficientFunds(card.currency, amount + fee));
  }

  async withdraw(who: Principal, body: WithdrawRequest): Promise<Submitted> {
    const { card, product } = await this.cardOf(who, body.cardId);
    const rule = product.fees.CARD_WITHDRAW;
    const requested = optionalAmount('withdrawAmount', body.withdrawAmount, card.currency);
    const amount = requested ?? largestAmountWithin(rule, await this.cards.available(card.accountId!), card.currency);
    const feeItems = this.fees(product, card.currency, amount, ['CARD_WITHDRAW']);
    const fee = sum(feeItems);
    const funding = await this.accounts.id(who.customerId, 'funding', card.currency);
    const feeAccount = await this.accounts.id(who.customerId, 'fee_revenue', card.currency);
    const order = this.newOrder(who, 'CardWithdraw', body.customerOrderNo, card.currency, {
      cardId: card.cardId, amountMinor: amount, feeMinor: fee, holdAccountId: card.accountId, holdMinor: amount + fee,
      hash: requestHash(['CardWithdraw', card.cardId, requested]),
      detail: { ...productDetail(product, card.currency), maskCardNumber: card.maskCardNumber, feeItems: serialize(feeItems),
        accounts: { source: String(card.accountId), destination: String(funding), fee: String(feeAccount) } },
    });
    // Nothing left to withdraw: a replay of the withdrawal that emptied the card, or a cancelled card, is not a balance problem.
    if (amount <= 0n) return this.pipeline.refuse(order, 'money', insufficientCardBalance(card.cardId, card.currency, computeFee(rule, 1n, card.currency) + 1n));
    return this.submit(who, { order, cardGuard: 'money' }, () => insufficientCardBalance(card.cardId, card.currency, amount + fee));
  }

  async cancel(who: Principal, body: CardOrderRequest): Promise<Submitted> {
    const { card, product } = await this.cardOf(who, body.cardId);
    const rule = product.fees.CARD_CANCEL;
    const funding = await this.accounts.id(who.customerId, 'funding', card.currency);
    const feeAccount = await this.accounts.id(who.customerId, 'fee_revenue', card.currency);
    for (let attempt = 1; ; attempt++) {
      const available = await this.cards.available(card.accountId!);
      const computed = computeFee(rule, available, card.currency);
      const fee = computed < available ? computed : available;
      const order = this.newOrder(who, 'CardCancel', body.customerOrderNo, card.currency, {
        cardId: card.cardId, amountMinor: available - fee, feeMinor: fee, holdAccountId: card.accountId, holdMinor: available,
        hash: requestHash(['CardCancel', card.cardId]),
        detail: { ...productDetail(product, card.currency), maskCardNumber: card.maskCardNumber,
          ...cancelFeeDetail(rule, fee),
          accounts: { source: String(card.accountId), destination: String(funding), fee: String(feeAccount) } },
      });
      try {
        return await this.submit(who, { order, cardGuard: 'cancel', holdExact: true }, () => new ApiError('CARD_OPERATION_PENDING', { cardId: card.cardId, pending: 'balance change' }));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'CARD_OPERATION_PENDING' && attempt < CANCEL_ATTEMPTS)) throw error;
      }
    }
  }
}
