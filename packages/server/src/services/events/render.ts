import { CURRENCIES, minorToJsonNumber, type CardepassEvent, type Currency, type EventType } from '@cardepass/contract';
import { renderCardWithoutNumbers, type CardFieldsRow } from '../cards.ts';
import { orderFromDb } from '../orders/model.ts';
import { renderOrder } from '../orders/render.ts';
import { renderTransaction } from '../transactions/render.ts';
import { transactionFromDb } from '../transactions/model.ts';

/** One row of `events`: the subject is the snapshot the database trigger took of the changed row. */
export interface EventRow {
  eventId: string;
  customerId: string;
  type: EventType;
  cardId: string | null;
  sequence: number;
  subject: Record<string, unknown>;
  createdAt: Date;
}

export function eventFromDb(row: Record<string, unknown>): EventRow {
  return {
    eventId: row.id as string,
    customerId: row.customer_id as string,
    type: row.type as EventType,
    cardId: (row.card_id as string | null) ?? null,
    sequence: Number(row.sequence),
    subject: (typeof row.subject === 'string' ? JSON.parse(row.subject) : row.subject) as Record<string, unknown>,
    createdAt: new Date(row.created_at as string | Date),
  };
}

/**
 * The event as delivered and listed. `data` is rendered from the snapshot by
 * the same renderer the API uses for that row (in English, the language of
 * events), so an order event's data is the order as the order query renders it.
 */
export function renderEvent(e: EventRow): CardepassEvent {
  const common = { eventId: e.eventId, timestamp: e.createdAt.toISOString(), sequence: e.sequence, cardId: e.cardId };
  const s = e.subject;
  switch (e.type) {
    case 'order.completed':
    case 'order.failed':
      return { ...common, type: e.type, data: renderOrder(orderFromDb(s), 'en') };
    case 'card.created':
    case 'card.updated':
      return { ...common, type: e.type, data: renderCardWithoutNumbers(s as unknown as CardFieldsRow) };
    case 'transaction.created':
    case 'transaction.updated':
      return { ...common, type: e.type, data: renderTransaction(transactionFromDb(s), 'en') };
    case 'account.credited': {
      const currency = s.currency as Currency;
      const amount = (minor: unknown) => minorToJsonNumber(BigInt(minor as number), CURRENCIES[currency]);
      return {
        ...common, type: e.type,
        data: {
          depositId: s.deposit_id as string, currency, amount: amount(s.amount_minor), reference: s.reference as string,
          balanceAfter: amount(s.balance_after_minor), createdOn: new Date(s.created_at as string).toISOString(),
        },
      };
    }
    case 'webhook.test':
      return { ...common, type: e.type, data: { endpointId: s.endpointId as string, message: s.message as string } };
  }
}
