import type { CardModel, Currency, OrderStatus, OrderType, FeeCode } from '@cardepass/contract';

/** What an order remembers beyond its columns, as stored in orders.detail (bigints as decimal text). */
export interface OrderDetail {
  productCode: string;
  productName: string;
  cardCurrency: Currency;
  maskCardNumber: string | null;
  alias?: string | null;
  feeItems: Array<{ feeCode: FeeCode; amountMinor: string }>;
  /** Where the principal comes from and goes to, and where fees go. */
  accounts: { source?: string; destination?: string; fee?: string };
  /** Cancel: the fee schedule applied and what returns to the funding account. */
  feeRule?: { chargeMethodType: 'Fixed' | 'Percent'; fixedValue: string; percentMicros: string } | null;
  isBlocked?: boolean;
  /** ShareBalance ApplyCard and CreditLimit: the card's limits (maxCreditMinor null = unlimited). */
  limits?: { maxAuthMinor: string; maxCreditMinor: string | null };
}

/** An order as the services pass it around (one row of `orders`). */
export interface OrderRow {
  orderNo: string;
  customerId: string;
  customerOrderNo: string | null;
  requestHash: string;
  cardModel: CardModel;
  orderType: OrderType;
  status: OrderStatus;
  cardId: string | null;
  currency: Currency;
  /** Principal: top-up, withdraw amount, or what a cancel settles back. */
  amountMinor: bigint;
  feeMinor: bigint;
  holdAccountId: bigint | null;
  holdMinor: bigint;
  detail: OrderDetail;
  failureReason: string | null;
  createdAt: Date;
  modifiedAt: Date;
  paidAt: Date | null;
  completedAt: Date | null;
  /** Who placed it through the operator API or the console (a user id, or 'admin-key'); absent for /v1 orders. */
  requestedBy?: string | null;
}

/** Maps a database row (snake_case, pg types) to an OrderRow. */
export function orderFromDb(row: Record<string, unknown>): OrderRow {
  const bigintOf = (v: unknown) => (v === null || v === undefined ? 0n : BigInt(v as string | bigint));
  return {
    orderNo: row.order_no as string,
    customerId: row.customer_id as string,
    customerOrderNo: (row.customer_order_no as string | null) ?? null,
    requestHash: row.request_hash as string,
    cardModel: row.card_model as CardModel,
    orderType: row.order_type as OrderType,
    status: row.status as OrderStatus,
    cardId: (row.card_id as string | null) ?? null,
    currency: row.currency as Currency,
    amountMinor: bigintOf(row.amount_minor),
    feeMinor: bigintOf(row.fee_minor),
    holdAccountId: row.hold_account_id === null || row.hold_account_id === undefined ? null : BigInt(row.hold_account_id as bigint),
    holdMinor: bigintOf(row.hold_minor),
    detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as OrderDetail,
    failureReason: (row.failure_reason as string | null) ?? null,
    createdAt: new Date(row.created_at as Date),
    modifiedAt: new Date(row.modified_at as Date),
    paidAt: row.paid_at ? new Date(row.paid_at as Date) : null,
    completedAt: row.completed_at ? new Date(row.completed_at as Date) : null,
  };
}

export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['Completed', 'Failure']);
export const feeCodesOf = (detail: OrderDetail): FeeCode[] => detail.feeItems.map((f) => f.feeCode);
