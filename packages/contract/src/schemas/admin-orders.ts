import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, AmountOutput, DateTimeOutput } from '../envelope.ts';
import { CardModelSchema, FeeCodeSchema, OrderStatusSchema, OrderTypeSchema } from '../enums.ts';
import type { OrderEventData } from './events.ts';
import { Transaction, TransactionStatusSchema, TransactionTypeSchema } from './transactions.ts';

/**
 * Operator API (/admin/v1): orders and card transactions across customers, read
 * only (`cards.read`). Items are what the integrator API renders, plus whose
 * they are: a customer user is narrowed to its own customer by the server.
 */
const DateFilter = (description: string) =>
  Type.Optional(Type.String({ maxLength: 40, description: `${description}: ISO 8601 date or date-time (UTC); a date covers the whole day; at most 3 months` }));
const IdFilter = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 64, description }));

export const AdminOrdersQuery = Type.Object({
  customerId: IdFilter('Customer id (a customer user: its own, or nothing)'),
  cardModel: Type.Optional(CardModelSchema),
  orderType: Type.Optional(OrderTypeSchema),
  status: Type.Optional(OrderStatusSchema),
  cardId: IdFilter('Card id'),
  from: DateFilter('Created from'),
  to: DateFilter('Created to (inclusive)'),
  ...PageQuery,
});
export type AdminOrdersQuery = Static<typeof AdminOrdersQuery>;

// Declared open, as events declare order data: each order type has its own fields (its POST response's).
export const AdminOrdersOrder = Type.Unsafe<OrderEventData & { customerId: string; cardModel: string; cardId: string | null; requestedBy: string | null }>(Type.Object({
  customerId: Type.String(),
  cardModel: CardModelSchema,
  cardId: Type.Union([Type.String(), Type.Null()], { description: 'The card the order is about (an ApplyCard: the card it opens)' }),
  requestedBy: Type.Union([Type.String(), Type.Null()], { description: 'The console user who placed it; null for orders of the integrator API' }),
}, { additionalProperties: true, description: 'The order as GET /v1/orders/standard or /v1/orders/sharebalance renders it, plus whose it is' }));
export type AdminOrdersOrder = Static<typeof AdminOrdersOrder>;
export const AdminOrdersPageResponse = Envelope(Page(AdminOrdersOrder));

export const AdminOrdersParams = Type.Object({ orderNo: Type.String({ minLength: 1, maxLength: 64, description: 'Order number' }) });

/** One fee the order charged, from the fee schedule it was accepted under. */
export const AdminOrdersFeeLine = Type.Object({
  feeCode: FeeCodeSchema,
  feeName: Type.String(),
  feeAmount: AmountOutput('Fee, in the order currency'),
});

/** One leg of a journal entry: which ledger account moved by how much. */
export const AdminOrdersPosting = Type.Object({
  accountKind: Type.String({ description: 'funding, card, fee_revenue, external or network' }),
  cardId: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  amount: AmountOutput('Signed: positive credits the account'),
  balanceAfter: AmountOutput('Account ledger balance after this posting'),
  feeCode: Type.Union([FeeCodeSchema, Type.Null()]),
});
export const AdminOrdersJournalEntry = Type.Object({
  entryId: Type.String(),
  entryType: Type.String(),
  createdOn: DateTimeOutput('Posted'),
  postings: Type.Array(AdminOrdersPosting, { description: 'They sum to zero per currency' }),
});
export type AdminOrdersJournalEntry = Static<typeof AdminOrdersJournalEntry>;
export const AdminOrdersDetail = Type.Object({
  order: AdminOrdersOrder,
  feeLines: Type.Array(AdminOrdersFeeLine),
  journalEntries: Type.Array(AdminOrdersJournalEntry, { description: 'Empty while Processing (funds are held, not moved) and for a Failure' }),
});
export const AdminOrdersDetailResponse = Envelope(AdminOrdersDetail);

export const AdminTransactionsQuery = Type.Object({
  customerId: IdFilter('Customer id (a customer user: its own, or nothing)'),
  cardId: IdFilter('Card id'),
  status: Type.Optional(TransactionStatusSchema),
  type: Type.Optional(TransactionTypeSchema),
  from: DateFilter('From'),
  to: DateFilter('To (inclusive)'),
  ...PageQuery,
});
export type AdminTransactionsQuery = Static<typeof AdminTransactionsQuery>;

export const AdminTransactionsItem = Type.Composite([Transaction, Type.Object({ customerId: Type.String() })]);
export type AdminTransactionsItem = Static<typeof AdminTransactionsItem>;
export const AdminTransactionsPageResponse = Envelope(Page(AdminTransactionsItem));
export const AdminTransactionsParams = Type.Object({ transactionId: Type.String({ minLength: 1, maxLength: 64, description: 'Transaction id' }) });

/** A transaction with the life of the authorization it belongs to: the hold, then clearings, reversals, refunds. */
export const AdminTransactionsDetail = Type.Object({
  transaction: AdminTransactionsItem,
  authorization: Type.Union([AdminTransactionsItem, Type.Null()], { description: 'The authorization it belongs to (itself for an authorization); null if none' }),
  life: Type.Array(AdminTransactionsItem, { description: 'The authorization and everything against it, oldest first (at most 200)' }),
});
export const AdminTransactionsDetailResponse = Envelope(AdminTransactionsDetail);
