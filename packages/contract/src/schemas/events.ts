import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, AmountOutput, DateTimeOutput, IdInput } from '../envelope.ts';
import { literalUnion } from '../enums.ts';
import { Card } from './cards.ts';
import { Transaction } from './transactions.ts';
import type { ApplyCardOrder, TopUpOrder, BlockOrder, UnblockOrder, CancelOrder, WithdrawOrder } from './orders-standard.ts';
import type { ShareBalanceApplyCardOrder, CreditLimitOrder, ShareBalanceCancelOrder } from './orders-sharebalance.ts';

/**
 * Events: what happened, pushed to webhook endpoints and listed by
 * GET /v1/events. The payload has the Standard Webhooks shape
 * ({type, timestamp, data}) plus our eventId and sequence.
 */
export const EVENT_TYPES = [
  'order.completed', 'order.failed', 'card.created', 'card.updated',
  'transaction.created', 'transaction.updated', 'account.credited', 'webhook.test',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const EventTypeSchema = literalUnion(EVENT_TYPES, 'Event type');

/** Any order as the order query renders it (the fields of its type's POST response). */
export type OrderEventData = ApplyCardOrder | TopUpOrder | BlockOrder | UnblockOrder | CancelOrder | WithdrawOrder
  | ShareBalanceApplyCardOrder | CreditLimitOrder | ShareBalanceCancelOrder;
// Declared open: each order type has its own fields, all rendered by the order renderer the query uses.
const OrderData = Type.Unsafe<OrderEventData>(Type.Object({}, {
  additionalProperties: true, description: 'The order exactly as GET /v1/orders/standard or /v1/orders/sharebalance renders it',
}));

/** A card as GET /v1/cards/{cardId} renders it, without cardNumber and cvv: events never carry card data. */
export const CardEventData = Type.Omit(Card, ['cardNumber', 'cvv']);
export type CardEventData = Static<typeof CardEventData>;

/** account.credited: an operator deposit into the customer's funding account. */
export const AccountCreditedData = Type.Object({
  depositId: Type.String(),
  currency: Type.String(),
  amount: AmountOutput('Credited'),
  reference: Type.String(),
  balanceAfter: AmountOutput('Funding account ledger balance after the deposit'),
  createdOn: DateTimeOutput('Recorded'),
});
export type AccountCreditedData = Static<typeof AccountCreditedData>;

export const WebhookTestData = Type.Object({
  endpointId: Type.String(),
  message: Type.String(),
});
export type WebhookTestData = Static<typeof WebhookTestData>;

const eventOf = <T extends readonly EventType[], D extends TSchema>(types: T, data: D) => Type.Object({
  eventId: Type.String({ description: 'evt_…: the same on every delivery of this event (webhook-id); deduplicate on it' }),
  type: literalUnion(types, types.join(' or ')),
  timestamp: DateTimeOutput('When the change that caused the event was committed'),
  sequence: Type.Integer({ minimum: 1, description: 'Per card for events about a card (1, 2, 3 … in commit order), otherwise per customer' }),
  cardId: Type.Union([Type.String(), Type.Null()], { description: 'The card the event is about; null for customer-level events' }),
  data,
});

export const OrderEvent = eventOf(['order.completed', 'order.failed'] as const, OrderData);
export const CardEvent = eventOf(['card.created', 'card.updated'] as const, CardEventData);
export const TransactionEvent = eventOf(['transaction.created', 'transaction.updated'] as const, Transaction);
export const AccountCreditedEvent = eventOf(['account.credited'] as const, AccountCreditedData);
export const WebhookTestEvent = eventOf(['webhook.test'] as const, WebhookTestData);
/** Any event: discriminate on `type`. */
export const CardepassEvent = Type.Union([OrderEvent, CardEvent, TransactionEvent, AccountCreditedEvent, WebhookTestEvent]);
export type OrderEvent = Static<typeof OrderEvent>;
export type CardEvent = Static<typeof CardEvent>;
export type TransactionEvent = Static<typeof TransactionEvent>;
export type AccountCreditedEvent = Static<typeof AccountCreditedEvent>;
export type WebhookTestEvent = Static<typeof WebhookTestEvent>;
export type CardepassEvent = Static<typeof CardepassEvent>;

const DateFilter = (description: string) =>
  Type.Optional(Type.String({ maxLength: 40, description: `${description}: ISO 8601 date or date-time (UTC); a date covers the whole day` }));

/** GET /v1/events: newest first. */
export const EventsQuery = Type.Object({
  EventType: Type.Optional(EventTypeSchema),
  CardId: Type.Optional(Type.String({ maxLength: 64 })),
  DateFrom: DateFilter('From'),
  DateTo: DateFilter('To (inclusive)'),
  ...PageQuery,
});
export type EventsQuery = Static<typeof EventsQuery>;
export const EventParams = Type.Object({ eventId: IdInput('Event id (evt_…)') });
export const EventResponse = Envelope(CardepassEvent);
export const EventPage = Page(CardepassEvent);
export const EventsResponse = Envelope(EventPage);

export const DELIVERY_STATUSES = ['Pending', 'Delivered', 'Failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt to deliver an event to an endpoint. */
export const DeliveryAttempt = Type.Object({
  attemptedOn: DateTimeOutput('When the request was sent'),
  httpStatus: Type.Union([Type.Integer(), Type.Null()], { description: "The receiver's HTTP status; null when no response came" }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Network error, timeout or refusal; null when a response came' }),
  durationMs: Type.Integer(),
  nextAttemptOn: Type.Union([DateTimeOutput('Retry'), Type.Null()], { description: 'When it is retried; null when it will not be' }),
});
export type DeliveryAttempt = Static<typeof DeliveryAttempt>;

/** An event's delivery to one endpoint, with every attempt (oldest first). */
export const Delivery = Type.Object({
  deliveryId: Type.String(),
  eventId: Type.String(),
  endpointId: Type.String(),
  url: Type.String({ description: 'The endpoint URL now' }),
  status: literalUnion(DELIVERY_STATUSES, 'Pending (will be tried), Delivered (a 2xx came) or Failed (no more attempts)'),
  attemptCount: Type.Integer(),
  nextAttemptOn: Type.Union([DateTimeOutput('Next attempt'), Type.Null()]),
  createdOn: DateTimeOutput('Queued'),
  attempts: Type.Array(DeliveryAttempt),
});
export type Delivery = Static<typeof Delivery>;
export const DeliveriesResponse = Envelope(Type.Array(Delivery));

/** POST /v1/events/{eventId}/resend: to one endpoint, or (absent) to every enabled endpoint subscribed to its type. */
export const ResendRequest = Type.Object({ endpointId: Type.Optional(IdInput('Endpoint id')) }, { additionalProperties: false });
export type ResendRequest = Static<typeof ResendRequest>;
/** Resend and recover: how many deliveries were queued. */
export const QueuedResponse = Envelope(Type.Object({ queued: Type.Integer({ description: 'Deliveries queued' }) }));
