import { sql } from 'kysely';
import type { EventType } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import type { DateRange } from '../../lib/date-range.ts';
import { ApiError } from '../../lib/api-error.ts';
import { eventFromDb, type EventRow } from './render.ts';

export interface EventFilter {
  customerId: string;
  type?: EventType | undefined;
  cardId?: string | undefined;
  range: DateRange;
  limit: number;
  offset: number;
}

/** A customer's events, newest first (events of one transaction: the later first). */
export async function listEvents(store: Store, q: EventFilter): Promise<{ total: number; rows: EventRow[] }> {
  const filters = sql.join([
    sql`customer_id = ${q.customerId}`,
    ...(q.type ? [sql`type = ${q.type}`] : []),
    ...(q.cardId ? [sql`card_id = ${q.cardId}`] : []),
    ...(q.range.from ? [sql`created_at >= ${q.range.from}`] : []),
    ...(q.range.toExclusive ? [sql`created_at < ${q.range.toExclusive}`] : []),
  ], sql` AND `);
  const [page, count] = await Promise.all([
    sql<Record<string, unknown>>`SELECT * FROM events WHERE ${filters} ORDER BY created_at DESC, position DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE ${filters}`.execute(store.db),
  ]);
  return { total: count.rows[0]?.n ?? 0, rows: page.rows.map(eventFromDb) };
}

/** One event of the customer; another customer's event is answered like one that does not exist. */
export async function getEvent(store: Store, customerId: string, eventId: string): Promise<EventRow> {
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM events WHERE id = ${eventId} AND customer_id = ${customerId}`.execute(store.db);
  if (!rows[0]) throw new ApiError('EVENT_NOT_FOUND', { eventId });
  return eventFromDb(rows[0]);
}
