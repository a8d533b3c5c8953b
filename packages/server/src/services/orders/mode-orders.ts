import type { CardModel, CardOrderRequest, Currency, FeeCode, OrderType } from '@cardepass/contract';
import { newOrderNo } from '../../lib/ids.ts';
import { ApiError } from '../../lib/api-error.ts';
import type { Catalog, CatalogProduct } from '../catalog.ts';
import type { AccountDirectory } from '../ledger/accounts.ts';
import type { CardDirectory, CardRef } from '../cards.ts';
import { computeFee, type FeeRule } from '../fees.ts';
import { requestHash } from './inputs.ts';
import type { OrderDetail, OrderRow } from './model.ts';
import type { OrderPipeline, Submitted } from './pipeline.ts';
import type { AcceptSpec } from './accept.ts';
import type { AuditOrigin } from '../audit/audit-log.ts';
import { orderAuditChange } from './order-audit.ts';

export interface Principal {
  customerId: string;
  clientId: string;
  /**
   * Set when a person or the admin key places the order on the customer's behalf (operator API, console):
   * the order records who (orders.requested_by) and is audited in its accepting statement. Absent on /v1.
   */
  onBehalf?: AuditOrigin;
}

/** What an order of either mode sets beyond who, what type and when. */
export interface OrderSpec {
  cardId: string;
  amountMinor: bigint;
  feeMinor: bigint;
  holdAccountId: bigint | null;
  holdMinor: bigint;
  hash: string;
  detail: OrderDetail;
}

export type FeeItems = Array<{ feeCode: FeeCode; amountMinor: bigint }>;

/**
 * What Standard and ShareBalance orders share: finding a card of the endpoint's
 * mode, building the order row, fees, and block and unblock, which are the
 * same in both modes. The subclasses hold each mode's money rules.
 */
export abstract class ModeOrders {
  constructor(
    protected readonly catalog: Catalog,
    protected readonly accounts: AccountDirectory,
    protected readonly cards: CardDirectory,
    protected readonly pipeline: OrderPipeline,
    private readonly cardModel: CardModel,
  ) {}

  block(who: Principal, body: CardOrderRequest): Promise<Submitted> {
    return this.statusChange(who, body, 'CardBlock', 'block');
  }

  unblock(who: Principal, body: CardOrderRequest): Promise<Submitted> {
    return this.statusChange(who, body, 'CardUnblock', 'unblock');
  }

  /** The customer's card and its product; a card of the other mode is refused (its endpoints differ). */
  protected async cardOf(who: Principal, cardId: string): Promise<{ card: CardRef; product: CatalogProduct }> {
    const card = await this.cards.ref(who.customerId, cardId);
    if (card.cardModel !== this.cardModel) throw new ApiError('CARD_MODEL_MISMATCH', { cardId, cardModel: card.cardModel, expected: this.cardModel });
    const product = await this.catalog.get(card.productCode);
    if (!product) throw new ApiError('PRODUCT_NOT_FOUND', { productCode: card.productCode });
    return { card, product };
  }

  protected fees(product: CatalogProduct, currency: Currency, amount: bigint, codes: FeeCode[]): FeeItems {
    return codes.filter((code) => product.fees[code]).map((code) => ({ feeCode: code, amountMinor: computeFee(product.fees[code], amount, currency) }));
  }

  protected newOrder(who: Principal, type: OrderType, customerOrderNo: string | undefined, currency: Currency, o: OrderSpec): OrderRow {
    const now = new Date();
    return {
      orderNo: newOrderNo(now), customerId: who.customerId, customerOrderNo: customerOrderNo ?? null, requestHash: o.hash,
      cardModel: this.cardModel, orderType: type, status: 'Processing', cardId: o.cardId, currency,
      amountMinor: o.amountMinor, feeMinor: o.feeMinor, holdAccountId: o.holdAccountId, holdMinor: o.holdMinor,
      detail: o.detail, failureReason: null, createdAt: now, modifiedAt: now, paidAt: null, completedAt: null,
      ...(who.onBehalf ? { requestedBy: who.onBehalf.actor.id } : {}),
    };
  }

  /** Submits an order to the pipeline, with its audit row when placed on the customer's behalf. */
  protected submit(who: Principal, spec: Omit<AcceptSpec, 'leaseMs' | 'audit'>, onInsufficient: () => ApiError): Promise<Submitted> {
    const audit = who.onBehalf ? { origin: who.onBehalf, change: orderAuditChange(spec.order) } : undefined;
    return this.pipeline.submit(audit ? { ...spec, audit } : spec, onInsufficient);
  }

  private async statusChange(who: Principal, body: CardOrderRequest, type: 'CardBlock' | 'CardUnblock', guard: 'block' | 'unblock') {
    const { card, product } = await this.cardOf(who, body.cardId);
    const order = this.newOrder(who, type, body.customerOrderNo, card.currency, {
      cardId: card.cardId, amountMinor: 0n, feeMinor: 0n, holdAccountId: null, holdMinor: 0n,
      hash: requestHash([type, card.cardId]),
      detail: { ...productDetail(product, card.currency), maskCardNumber: card.maskCardNumber, feeItems: [], accounts: {} },
    });
    return this.submit(who, { order, cardGuard: guard }, holdsNothing);
  }
}

/** The onInsufficient of an order that holds no funds: the database cannot answer insufficient for it. */
export const holdsNothing = (): never => { throw new Error('this order holds no funds'); };

export const sumFees = (items: FeeItems) => items.reduce((total, f) => total + f.amountMinor, 0n);
export const serializeFees = (items: FeeItems) => items.map((f) => ({ feeCode: f.feeCode, amountMinor: String(f.amountMinor) }));
export const productDetail = (product: CatalogProduct, currency: Currency) => ({ productCode: product.code, productName: product.name, cardCurrency: currency });

/** The cancel fee as both modes record it: the item charged and the schedule it came from (the response shows both). */
export function cancelFeeDetail(rule: FeeRule | undefined, fee: bigint): Pick<OrderDetail, 'feeItems' | 'feeRule'> {
  return {
    feeItems: rule ? [{ feeCode: 'CARD_CANCEL', amountMinor: String(fee) }] : [],
    feeRule: rule ? { chargeMethodType: rule.chargeMethodType, fixedValue: rule.fixedValue, percentMicros: String(rule.percentMicros) } : null,
  };
}
