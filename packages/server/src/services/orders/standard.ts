import type { Currency, FeeCode, OrderType } from '@cardepass/contract';
import { newCardId, newOrderNo } from '../../lib/ids.ts';
import { ApiError } from '../../lib/api-error.ts';
import type { Catalog, CatalogProduct } from '../catalog.ts';
import type { AccountDirectory } from '../ledger/accounts.ts';
import type { CardDirectory, CardRef } from '../cards.ts';
import { computeFee, largestAmountWithin } from '../fees.ts';
import { requireAmount, requestHash } from './inputs.ts';
import type { OrderDetail, OrderRow } from './model.ts';
import { insufficientCardBalance, insufficientFunds, type OrderPipeline, type Submitted } from './pipeline.ts';
import type {
  ApplyStandardCardRequest, TopUpRequest, WithdrawRequest, CardOrderRequest,
} from '@cardepass/contract';

export interface Principal { customerId: string; clientId: string }

// A cancel reads the card's balance, then holds exactly that; if money moved in between, read again.
const CANCEL_ATTEMPTS = 3;
const MINIMUM_TOP_UP_MAJOR = 1;

/** The business rules of Standard-mode orders: validation, fees, what to hold. The pipeline does the rest. */
export class StandardOrders {
  constructor(
    private readonly catalog: Catalog,
    private readonly accounts: AccountDirectory,
    private readonly cards: CardDirectory,
    private readonly pipeline: OrderPipeline,
  ) {}

  async apply(who: Principal, body: ApplyStandardCardRequest): Promise<Submitted> {
    const { product, currency } = await this.catalog.requireOffering(body.productCode, 'Standard', body.cardCurrency);
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
    return this.pipeline.submit({ order, createCardAccount: true }, () => insufficientFunds(currency, topUp + fee));
  }

  async topUp(who: Principal, body: TopUpRequest): Promise<Submitted> {
    const { card, product } = await this.standardCard(who, body.cardId);
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
    return this.pipeline.submit({ order, cardGuard: 'money' }, () => insufficientFunds(card.currency, amount + fee));
  }

  async withdraw(who: Principal, body: WithdrawRequest): Promise<Submitted> {
    const { card, product } = await this.standardCard(who, body.cardId);
    const rule = product.fees.CARD_WITHDRAW;
    const requested = body.withdrawAmount === undefined || body.withdrawAmount === null || body.withdrawAmount === ''
      ? null : requireAmount('withdrawAmount', body.withdrawAmount, card.currency);
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
    return this.pipeline.submit({ order, cardGuard: 'money' }, () => insufficientCardBalance(card.cardId, card.currency, amount + fee));
  }

  block(who: Principal, body: CardOrderRequest): Promise<Submitted> {
    return this.statusChange(who, body, 'CardBlock', 'block');
  }

  unblock(who: Principal, body: CardOrderRequest): Promise<Submitted> {
    return this.statusChange(who, body, 'CardUnblock', 'unblock');
  }

  async cancel(who: Principal, body: CardOrderRequest): Promise<Submitted> {
    const { card, product } = await this.standardCard(who, body.cardId);
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
          feeItems: rule ? [{ feeCode: 'CARD_CANCEL', amountMinor: String(fee) }] : [],
          feeRule: rule ? { chargeMethodType: rule.chargeMethodType, fixedValue: rule.fixedValue, percentMicros: String(rule.percentMicros) } : null,
          accounts: { source: String(card.accountId), destination: String(funding), fee: String(feeAccount) } },
      });
      try {
        return await this.pipeline.submit({ order, cardGuard: 'cancel', holdExact: true }, () => new ApiError('CARD_OPERATION_PENDING', { cardId: card.cardId, pending: 'balance change' }));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'CARD_OPERATION_PENDING' && attempt < CANCEL_ATTEMPTS)) throw error;
      }
    }
  }

  private async statusChange(who: Principal, body: CardOrderRequest, type: 'CardBlock' | 'CardUnblock', guard: 'block' | 'unblock') {
    const { card, product } = await this.standardCard(who, body.cardId);
    const order = this.newOrder(who, type, body.customerOrderNo, card.currency, {
      cardId: card.cardId, amountMinor: 0n, feeMinor: 0n, holdAccountId: null, holdMinor: 0n,
      hash: requestHash([type, card.cardId]),
      detail: { ...productDetail(product, card.currency), maskCardNumber: card.maskCardNumber, feeItems: [], accounts: {} },
    });
    return this.pipeline.submit({ order, cardGuard: guard }, () => { throw new Error('status orders hold no funds'); });
  }

  private async standardCard(who: Principal, cardId: string): Promise<{ card: CardRef; product: CatalogProduct }> {
    const card = await this.cards.ref(who.customerId, cardId);
    if (card.cardModel !== 'Standard') throw new ApiError('CARD_MODEL_MISMATCH', { cardId, cardModel: card.cardModel, expected: 'Standard' });
    const product = await this.catalog.get(card.productCode);
    if (!product) throw new ApiError('PRODUCT_NOT_FOUND', { productCode: card.productCode });
    return { card, product };
  }

  private fees(product: CatalogProduct, currency: Currency, amount: bigint, codes: FeeCode[]) {
    return codes.filter((code) => product.fees[code]).map((code) => ({ feeCode: code, amountMinor: computeFee(product.fees[code], amount, currency) }));
  }

  private newOrder(who: Principal, type: OrderType, customerOrderNo: string | undefined, currency: Currency, o: {
    cardId: string; amountMinor: bigint; feeMinor: bigint; holdAccountId: bigint | null; holdMinor: bigint; hash: string; detail: OrderDetail;
  }): OrderRow {
    const now = new Date();
    return {
      orderNo: newOrderNo(now), customerId: who.customerId, customerOrderNo: customerOrderNo ?? null, requestHash: o.hash,
      cardModel: 'Standard', orderType: type, status: 'Processing', cardId: o.cardId, currency,
      amountMinor: o.amountMinor, feeMinor: o.feeMinor, holdAccountId: o.holdAccountId, holdMinor: o.holdMinor,
      detail: o.detail, failureReason: null, createdAt: now, modifiedAt: now, paidAt: null, completedAt: null,
    };
  }
}

const sum = (items: Array<{ amountMinor: bigint }>) => items.reduce((total, f) => total + f.amountMinor, 0n);
const serialize = (items: Array<{ feeCode: FeeCode; amountMinor: bigint }>) => items.map((f) => ({ feeCode: f.feeCode, amountMinor: String(f.amountMinor) }));
const productDetail = (product: CatalogProduct, currency: Currency) => ({ productCode: product.code, productName: product.name, cardCurrency: currency });
