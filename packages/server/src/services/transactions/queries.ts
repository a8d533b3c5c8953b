import { sql } from 'kysely';
import type { TransactionStatus, TransactionType } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import type { DateRange } from '../../lib/date-range.ts';
import { transactionFromDb, type TransactionRow } from './model.ts';

export interface TransactionFilter {
  customerId: string;
  cardId?: string | undefined;
  type?: TransactionType | undefined;
  status?: TransactionStatus | undefined;
  authorizationId?: string | undefined;
  range: DateRange;
  limit: number;
  offset: number;
}

/** A customer's card transactions, newest first, each with the time of the authorization it belongs to. */
export async function listTransactions(store: Store, q: TransactionFilter): Promise<{ total: number; rows: TransactionRow[] }> {
  const filters = sql.join([
    sql`t.customer_id = ${q.customerId}`,
    ...(q.cardId ? [sql`t.card_id = ${q.cardId}`] : []),
    ...(q.type ? [sql`t.type = ${q.type}`] : []),
    ...(q.status ? [sql`t.status = ${q.status}`] : []),
    ...(q.authorizationId ? [sql`(t.id = ${q.authorizationId} OR t.authorization_id = ${q.authorizationId})`] : []),
    ...(q.range.from ? [sql`t.created_at >= ${q.range.from}`] : []),
    ...(q.range.toExclusive ? [sql`t.created_at < ${q.range.toExclusive}`] : []),
  ], sql` AND `);
  const [page, count] = await Promise.all([
    sql<Record<string, unknown>>`
      SELECT t.*, coalesce(a.created_at, t.created_at) AS authorization_time
      FROM card_transactions t LEFT JOIN card_transactions a ON a.id = t.authorization_id
      WHERE ${filters}
      ORDER BY t.created_at DESC, t.id DESC
      LIMIT ${q.limit} OFFSET ${q.offset}`.execute(store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM card_transactions t WHERE ${filters}`.execute(store.db),
  ]);
  return { total: count.rows[0]?.n ?? 0, rows: page.rows.map(transactionFromDb) };
}

/** The ids of authorizations whose hold has outlived their expiry, oldest first. */
export async function dueForExpiry(store: Store, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM card_transactions WHERE status = 'Pending' AND expires_at <= now() ORDER BY expires_at LIMIT ${limit}`.execute(store.db);
  return rows.map((r) => r.id);
}
