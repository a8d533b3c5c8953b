import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, DateTimeOutput } from '../envelope.ts';
import { CardModelSchema, CardStatusSchema, CURRENCY_CODES, literalUnion } from '../enums.ts';
import { CardepassEvent, CardEventData } from './events.ts';
import { AdminOrdersOrder, AdminTransactionsItem } from './admin-orders.ts';

/**
 * Operator API (/admin/v1): cards across customers, read only (`cards.read`).
 * Never the card number or CVV: a masked number built from the stored first 6
 * and last 4 digits (the full number is only behind the audited reveal).
 */
export const AdminCardsQuery = Type.Object({
  customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Customer id (a customer user: its own, or nothing)' })),
  cardModel: Type.Optional(CardModelSchema),
  status: Type.Optional(CardStatusSchema),
  productCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  currency: Type.Optional(literalUnion(CURRENCY_CODES, 'Card currency')),
  q: Type.Optional(Type.String({
    minLength: 1, maxLength: 64,
    description: 'Card id (whole or its beginning), the last 4 digits of the number (exactly 4 digits), or part of the alias',
  })),
  ...PageQuery,
});
export type AdminCardsQuery = Static<typeof AdminCardsQuery>;

/** A card as GET /v1/cards/{cardId} renders it without cardNumber and cvv, plus whose it is and its masked number. */
export const AdminCardsCard = Type.Composite([CardEventData, Type.Object({
  customerId: Type.String(),
  maskedCardNumber: Type.String({ description: 'First 6 digits, ***, last 4 digits (as orders mask it)' }),
  createdOn: DateTimeOutput('Created (the same instant as applyTime)'),
})]);
export type AdminCardsCard = Static<typeof AdminCardsCard>;
export const AdminCardsPageResponse = Envelope(Page(AdminCardsCard));

export const AdminCardsParams = Type.Object({ cardId: Type.String({ minLength: 1, maxLength: 64, description: 'Card id' }) });

/** The card and its history, newest first: its latest orders, transactions and events (50 of each). */
export const AdminCardsDetail = Type.Object({
  card: AdminCardsCard,
  orders: Type.Array(AdminOrdersOrder, { description: 'Latest 50, newest first; GET /admin/v1/orders?cardId= for all' }),
  transactions: Type.Array(AdminTransactionsItem, { description: 'Latest 50, newest first; GET /admin/v1/transactions?cardId= for all' }),
  events: Type.Array(CardepassEvent, { description: 'Latest 50, newest first, as GET /v1/events renders them; GET /admin/v1/events?CardId= for all' }),
});
export const AdminCardsDetailResponse = Envelope(AdminCardsDetail);
