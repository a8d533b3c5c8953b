import type { CardModel, Currency, DeclineReason, TransactionStatus, TransactionType } from '@cardepass/contract';

/** One card transaction as stored (card_transactions), in minor units. */
export interface TransactionRow {
  id: string;
  customerId: string;
  cardId: string;
  cardModel: CardModel;
  type: TransactionType;
  status: TransactionStatus;
  authorizationId: string | null;
  amountMinor: bigint;
  currency: Currency;
  billingAmountMinor: bigint;
  billingCurrency: Currency;
  holdAccountId: bigint | null;
  heldMinor: bigint;
  clearedMinor: bigint;
  reversedMinor: bigint;
  refundedMinor: bigint;
  merchantName: string | null;
  mcc: string | null;
  merchantCountry: string | null;
  authCode: string | null;
  declineReason: DeclineReason | null;
  reference: string | null;
  requestHash: string | null;
  createdAt: Date;
  settledAt: Date | null;
  expiresAt: Date | null;
  /** When the authorization it belongs to was decided (its own createdAt for an authorization). */
  authorizationTime: Date;
}

const big = (value: unknown) => BigInt(value as bigint | string | number);
const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));

/** The columns of a card_transactions row (plus `authorization_time` when joined) → TransactionRow. */
export function transactionFromDb(row: Record<string, unknown>): TransactionRow {
  const createdAt = new Date(row.created_at as string | Date);
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    cardId: row.card_id as string,
    cardModel: row.card_model as CardModel,
    type: row.type as TransactionType,
    status: row.status as TransactionStatus,
    authorizationId: (row.authorization_id as string | null) ?? null,
    amountMinor: big(row.amount_minor),
    currency: row.currency as Currency,
    billingAmountMinor: big(row.billing_amount_minor),
    billingCurrency: row.billing_currency as Currency,
    holdAccountId: row.hold_account_id === null || row.hold_account_id === undefined ? null : big(row.hold_account_id),
    heldMinor: big(row.held_minor ?? 0),
    clearedMinor: big(row.cleared_minor ?? 0),
    reversedMinor: big(row.reversed_minor ?? 0),
    refundedMinor: big(row.refunded_minor ?? 0),
    merchantName: (row.merchant_name as string | null) ?? null,
    mcc: (row.mcc as string | null) ?? null,
    merchantCountry: (row.merchant_country as string | null) ?? null,
    authCode: (row.auth_code as string | null) ?? null,
    declineReason: (row.decline_reason as DeclineReason | null) ?? null,
    reference: (row.reference as string | null) ?? null,
    requestHash: (row.request_hash as string | null) ?? null,
    createdAt,
    settledAt: date(row.settled_at),
    expiresAt: date(row.expires_at),
    authorizationTime: date(row.authorization_time) ?? createdAt,
  };
}
