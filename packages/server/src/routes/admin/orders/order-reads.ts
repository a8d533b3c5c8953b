import { sql, type RawBuilder } from 'kysely';
import { CURRENCIES, minorToJsonNumber, type admin, type CardModel, type Currency, type FeeCode, type OrderStatus, type OrderType } from '@cardepass/contract';
import type { Store } from '../../../db/store.ts';
import type { DateRange } from '../../../lib/date-range.ts';
import { FEE_NAMES } from '../../../services/fees.ts';
import { orderFromDb } from '../../../services/orders/model.ts';
import { renderOrder } from '../../../services/orders/render.ts';

type Language = 'en' | 'zh';

export interface AdminOrderFilter {
  customerId?: string | undefined;
  cardModel?: CardModel | undefined;
  orderType?: OrderType | undefined;
  status?: OrderStatus | undefined;
  cardId?: string | undefined;
  range: DateRange;
  limit: number;
  offset: number;
}

/** An order as the integrator API renders it, plus whose it is and who placed it (a console user, or null for the API). */
export function renderAdminOrder(row: Record<string, unknown>, language: Language): admin.AdminOrdersOrder {
  const order = orderFromDb(row);
  return {
    ...renderOrder(order, language),
    customerId: order.customerId, cardModel: order.cardModel, cardId: order.cardId,
    requestedBy: (row.requested_by as string | null) ?? null,
  } as admin.AdminOrdersOrder;
}

/**
 * Orders newest first. A customer's orders are read through orders_customer_list
 * (customer, mode, time), a card's through orders_card_time (migration 007);
 * across all customers (operators) it is a scan of orders, as is the count.
 */
export async function listAdminOrders(store: Store, q: AdminOrderFilter): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  const where: RawBuilder<unknown>[] = [
    ...(q.customerId ? [sql`customer_id = ${q.customerId}`] : []),
    ...(q.cardModel ? [sql`card_model = ${q.cardModel}`] : []),
    ...(q.orderType ? [sql`order_type = ${q.orderType}`] : []),
    ...(q.status ? [sql`status = ${q.status}`] : []),
    ...(q.cardId ? [sql`card_id = ${q.cardId}`] : []),
    ...(q.range.from ? [sql`created_at >= ${q.range.from}`] : []),
    ...(q.range.toExclusive ? [sql`created_at < ${q.range.toExclusive}`] : []),
  ];
  const filters = where.length ? sql.join(where, sql` AND `) : sql`true`;
  const [page, count] = await Promise.all([
    sql<Record<string, unknown>>`SELECT * FROM orders WHERE ${filters} ORDER BY created_at DESC, order_no DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM orders WHERE ${filters}`.execute(store.db),
  ]);
  return { total: count.rows[0]?.n ?? 0, rows: page.rows };
}

export async function findAdminOrder(store: Store, orderNo: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM orders WHERE order_no = ${orderNo}`.execute(store.db);
  return rows[0];
}

/** The fees the order charged, as stored when it was accepted (orders.detail.feeItems). */
export function feeLinesOf(row: Record<string, unknown>, language: Language) {
  const order = orderFromDb(row);
  const exponent = CURRENCIES[order.currency];
  return order.detail.feeItems.map((f) => ({
    feeCode: f.feeCode, feeName: FEE_NAMES[f.feeCode as FeeCode][language], feeAmount: minorToJsonNumber(BigInt(f.amountMinor), exponent),
  }));
}

interface PostingRow {
  entry_id: string; entry_type: string; entry_created_at: Date; kind: string; card_id: string | null;
  currency: Currency; amount_minor: string | bigint; balance_after_minor: string | bigint; fee_code: FeeCode | null;
}

/** The order's journal entries with their postings (one entry when it completed; journal_entries_order makes it unique). */
export async function journalEntriesOf(store: Store, customerId: string, orderNo: string): Promise<admin.AdminOrdersJournalEntry[]> {
  const { rows } = await sql<PostingRow>`
    SELECT e.id::text AS entry_id, e.entry_type, e.created_at AS entry_created_at, a.kind, a.card_id, a.currency,
           p.amount_minor, p.balance_after_minor, p.fee_code
    FROM journal_entries e JOIN postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id
    WHERE e.order_no = ${orderNo} AND e.customer_id = ${customerId}
    ORDER BY e.id, p.id`.execute(store.db);
  const entries = new Map<string, admin.AdminOrdersJournalEntry>();
  for (const r of rows) {
    let entry = entries.get(r.entry_id);
    if (!entry) entries.set(r.entry_id, entry = { entryId: r.entry_id, entryType: r.entry_type, createdOn: new Date(r.entry_created_at).toISOString(), postings: [] });
    const amount = (minor: string | bigint) => minorToJsonNumber(BigInt(minor), CURRENCIES[r.currency]);
    entry.postings.push({
      accountKind: r.kind, cardId: r.card_id, currency: r.currency,
      amount: amount(r.amount_minor), balanceAfter: amount(r.balance_after_minor), feeCode: r.fee_code,
    });
  }
  return [...entries.values()];
}
