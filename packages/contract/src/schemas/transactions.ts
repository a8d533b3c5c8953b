import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, AmountInput, AmountOutput, DateTimeOutput, NullableDateTime, IdInput } from '../envelope.ts';
import { CardModelSchema, literalUnion } from '../enums.ts';

/**
 * Card transactions: what the card network sends. An Authorization places a
 * hold; the Clearing, Reversals and Refunds that follow point back at it.
 */
export const TRANSACTION_TYPES = ['Authorization', 'Clearing', 'Reversal', 'Refund'] as const;
/** Authorization: Pending (hold open), Declined, Settled (cleared), Reversed, Expired. The others: Completed. */
export const TRANSACTION_STATUSES = ['Pending', 'Declined', 'Settled', 'Reversed', 'Expired', 'Completed'] as const;
/** Why an authorization was declined: stable codes integrators can branch on. */
export const DECLINE_REASONS = [
  'CARD_NOT_ACTIVE', 'CARD_BLOCKED', 'CARD_CANCELLED', 'CARD_EXPIRED', 'CURRENCY_MISMATCH',
  'EXCEEDS_MAX_AUTH_AMOUNT', 'EXCEEDS_CREDIT_LIMIT', 'INSUFFICIENT_FUNDS', 'CUSTOMER_DISABLED',
] as const;
/** The decline reasons in words, for `declineMessage`. */
export const DECLINE_MESSAGES: Record<DeclineReason, { en: string; zh: string }> = {
  CARD_NOT_ACTIVE: { en: 'The card is not active (an operation on it is in progress)', zh: '卡片未处于可用状态（有处理中的操作）' },
  CARD_BLOCKED: { en: 'The card is blocked', zh: '卡片已冻结' },
  CARD_CANCELLED: { en: 'The card is cancelled', zh: '卡片已注销' },
  CARD_EXPIRED: { en: 'The card has expired', zh: '卡片已过期' },
  CURRENCY_MISMATCH: { en: 'The transaction currency is not the card currency', zh: '交易币种与卡币种不一致' },
  EXCEEDS_MAX_AUTH_AMOUNT: { en: 'The amount exceeds the card\'s single-transaction limit (maxAuthAmount)', zh: '金额超过卡片单笔限额（maxAuthAmount）' },
  EXCEEDS_CREDIT_LIMIT: { en: 'The amount exceeds the card\'s remaining credit (maxCreditAmount − usedCreditAmount)', zh: '金额超过卡片剩余额度（maxCreditAmount − usedCreditAmount）' },
  INSUFFICIENT_FUNDS: { en: 'The available balance is insufficient', zh: '可用余额不足' },
  CUSTOMER_DISABLED: { en: 'The customer account is disabled', zh: '客户账户已停用' },
};
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const TransactionTypeSchema = literalUnion(TRANSACTION_TYPES, 'Authorization, Clearing, Reversal or Refund');
export const TransactionStatusSchema = literalUnion(TRANSACTION_STATUSES, 'Authorization: Pending, Declined, Settled, Reversed, Expired; others: Completed');
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const Transaction = Type.Object({
  transactionId: Type.String(),
  cardId: Type.String(),
  cardModel: CardModelSchema,
  transactionType: TransactionTypeSchema,
  status: TransactionStatusSchema,
  amount: AmountOutput('Transaction amount, in currency'),
  currency: Type.String(),
  billingAmount: AmountOutput('What the card is charged, in billingCurrency (the card currency)'),
  billingCurrency: Type.String(),
  heldAmount: AmountOutput('Authorization: the hold still open; 0 otherwise'),
  clearedAmount: AmountOutput('Authorization: what its clearing posted'),
  reversedAmount: AmountOutput('Authorization: what reversals released'),
  refundedAmount: AmountOutput('Authorization: what refunds credited back'),
  merchantName: Nullable(Type.String()),
  mcc: Nullable(Type.String({ description: 'Merchant category code (4 digits)' })),
  merchantCountry: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2' })),
  authCode: Nullable(Type.String({ description: 'Approval code of an approved authorization' })),
  declineReason: Nullable(Type.String({ description: 'Stable code when Declined: ' + DECLINE_REASONS.join(', ') })),
  declineMessage: Nullable(Type.String({ description: 'The decline reason in words (English or Chinese)' })),
  authorizationId: Nullable(Type.String({ description: 'The authorization a clearing, reversal or refund belongs to' })),
  reference: Nullable(Type.String({ description: "The network's reference (idempotency key of the event)" })),
  transactionTime: DateTimeOutput('When this transaction happened'),
  authorizationTime: DateTimeOutput('When the authorization it belongs to was decided'),
  settlementTime: NullableDateTime('When it settled (clearing, refund; an authorization when cleared)'),
  expiresAt: NullableDateTime('Authorization: when an uncleared hold is released'),
});
export type Transaction = Static<typeof Transaction>;
export const TransactionResponse = Envelope(Transaction);

const DateFilter = (description: string) =>
  Type.Optional(Type.String({ maxLength: 40, description: `${description}: ISO 8601 date or date-time (UTC); a date covers the whole day` }));

/** GET /v1/transactions (CardId, TransactionDateFrom, TransactionDateTo as in the quick-start guide). */
export const TransactionsQuery = Type.Object({
  CardId: Type.Optional(Type.String({ maxLength: 64 })),
  TransactionDateFrom: DateFilter('From'),
  TransactionDateTo: DateFilter('To (inclusive)'),
  TransactionType: Type.Optional(TransactionTypeSchema),
  Status: Type.Optional(TransactionStatusSchema),
  AuthorizationId: Type.Optional(Type.String({ maxLength: 64, description: 'The authorization and everything that belongs to it' })),
  ...PageQuery,
});
export type TransactionsQuery = Static<typeof TransactionsQuery>;
export const TransactionPage = Page(Transaction);
export const TransactionsResponse = Envelope(TransactionPage);

/** Network references: printable, bounded. */
const ReferenceInput = Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_\\-.:]+$', description: "The network's reference; the same reference again returns the same transaction" }));

/** POST /v1/simulate/authorize (sandbox only): the card network asks to authorize a purchase. */
export const SimulateAuthorizeRequest = Type.Object({
  cardId: IdInput('Card id'),
  amount: AmountInput('Purchase amount'),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', description: 'ISO 4217; defaults to the card currency' })),
  merchantName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  mcc: Type.Optional(Type.String({ pattern: '^[0-9]{4}$', description: 'Merchant category code' })),
  merchantCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  reference: ReferenceInput,
});
export type SimulateAuthorizeRequest = Static<typeof SimulateAuthorizeRequest>;

const transactionIdInput = IdInput('The authorization (for refund: the authorization or its clearing)');

/** POST /v1/simulate/clear: the final presentment; amount defaults to what is held, may exceed it within the over-capture tolerance. */
export const SimulateClearRequest = Type.Object({ transactionId: transactionIdInput, amount: Type.Optional(AmountInput('Amount to clear')), reference: ReferenceInput });
/** POST /v1/simulate/reverse: releases all (default) or part of the open hold. */
export const SimulateReverseRequest = Type.Object({ transactionId: transactionIdInput, amount: Type.Optional(AmountInput('Amount to release')), reference: ReferenceInput });
/** POST /v1/simulate/refund: credits back all (default) or part of what was cleared and not yet refunded. */
export const SimulateRefundRequest = Type.Object({ transactionId: transactionIdInput, amount: Type.Optional(AmountInput('Amount to refund')), reference: ReferenceInput });
/** POST /v1/simulate/expire: the authorization ages out now; its hold is released. Expiring an Expired authorization returns it unchanged. */
export const SimulateExpireRequest = Type.Object({ transactionId: transactionIdInput });
export type SimulateClearRequest = Static<typeof SimulateClearRequest>;
export type SimulateReverseRequest = Static<typeof SimulateReverseRequest>;
export type SimulateRefundRequest = Static<typeof SimulateRefundRequest>;
export type SimulateExpireRequest = Static<typeof SimulateExpireRequest>;
