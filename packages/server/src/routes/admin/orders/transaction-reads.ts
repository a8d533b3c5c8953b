import { sql, type RawBuilder } from 'kysely';
import type { admin, TransactionStatus, TransactionType } from '@cardepass/contract';
import type { Store } from '../../../db/store.ts';
import type { DateRange } from '../../../lib/date-range.ts';
import { renderTransaction } from '../../../services/transactions/render.ts';
import { transactionFromDb, type TransactionRow } from '../../../services/transactions/model.ts';

export interface AdminTransactionFilter {
  customerId?: string | undefined;
  cardId?: string | undefined;
  status?: TransactionStatus | undefined;
  type?: TransactionType | undefined;
  authorizationId?: string | undefined;
  range: DateRange;
  limit: number;
  offset: number;
}

/** A transaction as GET /v1/transactions renders it, plus whose it is. */
export const renderAdminTransaction = (t: TransactionRow, language: 'en' | 'zh'): admin.AdminTransactionsItem =>
  ({ ...renderTransaction(t, language), customerId: t.customerId });

/**
 * Card transactions newest first, each with its authorization's time. A customer's
 * are read through card_transactions_customer_time, a card's through
 * card_transactions_card_time; across all customers (operators) it is a scan.
 */
export async function listAdminTransactions(store: Store, q: AdminTransactionFilter): Promise<{ total: number; rows: TransactionRow[] }> {
  const where: RawBuilder<unknown>[] = [
    ...(q.customerId ? [sql`t.customer_id = ${q.customerId}`] : []),
    ...(q.cardId ? [sql`t.card_id = ${q.cardId}`] : []),
    ...(q.type ? [sql`t.type = ${q.type}`] : []),
    ...(q.status ? [sql`t.status = ${q.status}`] : []),
    ...(q.authorizationId ? [sql`(t.id = ${q.authorizationId} OR t.authorization_id = ${q.authorizationId})`] : []),
    ...(q.range.from ? [sql`t.created_at >= ${q.range.from}`] : []),
    ...(q.range.toExclusive ? [sql`t.created_at < ${q.range.toExclusive}`] : []),
  ];
  const filters = where.length ? sql.join(where, sql` AND `) : sql`true`;
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

export async function findAdminTransaction(store: Store, transactionId: string): Promise<TransactionRow | undefined> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT t.*, coalesce(a.created_at, t.created_at) AS authorization_time
    FROM card_transactions t LEFT JOIN card_transactions a ON a.id = t.authorization_id
    WHERE t.id = ${transactionId}`.execute(store.db);
  return rows[0] ? transactionFromDb(rows[0]) : undefined;
}
