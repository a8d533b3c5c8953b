import { sql } from 'kysely';
import { CURRENCIES, minorToJsonNumber, type AccountLog, type Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import type { DateRange } from '../../lib/date-range.ts';

export interface LogQuery {
  customerId: string;
  kind: 'card' | 'funding';
  cardId?: string | undefined;
  currency?: string | undefined;
  range: DateRange;
  limit: number;
  offset: number;
}

const DESCRIPTIONS: Record<string, string> = {
  Deposit: 'Deposit into the funding account',
  ApplyCard: 'First top-up of a new card',
  CardTopUp: 'Card top-up',
  CardWithdraw: 'Withdrawal from a card',
  CardCancel: 'Balance returned when a card was cancelled',
  Clearing: 'Card purchase settled',
  Refund: 'Card purchase refunded',
  Reversal: 'Hold released to the funding account after the card was cancelled',
  Expiry: 'Expired hold released to the funding account after the card was cancelled',
};

/** Ledger entries caused by card transactions: GET /v1/transactions shows them, the card fund logs do not (the documents: 不含交易). */
const CARD_TRANSACTION_ENTRIES = ['Clearing', 'Refund', 'Reversal', 'Expiry'];

/** Account logs are views of the ledger: one row per posting on the customer's card or funding accounts, newest first. */
export async function listAccountLogs(store: Store, q: LogQuery): Promise<{ total: number; rows: AccountLog[] }> {
  const filters = sql.join([
    sql`p.customer_id = ${q.customerId}`,
    sql`a.kind = ${q.kind}`,
    ...(q.kind === 'card' ? [sql`e.entry_type <> ALL(${CARD_TRANSACTION_ENTRIES}::text[])`] : []),
    ...(q.cardId ? [sql`a.card_id = ${q.cardId}`] : []),
    ...(q.currency ? [sql`a.currency = ${q.currency}`] : []),
    ...(q.range.from ? [sql`p.created_at >= ${q.range.from}`] : []),
    ...(q.range.toExclusive ? [sql`p.created_at < ${q.range.toExclusive}`] : []),
  ], sql` AND `);
  const { rows } = await sql<{
    id: bigint; card_id: string | null; currency: Currency; amount_minor: bigint; balance_after_minor: bigint; fee_code: string | null;
    entry_type: string; order_no: string | null; reference: string | null; created_at: Date; total: bigint;
  }>`
    SELECT p.id, a.card_id, a.currency, p.amount_minor, p.balance_after_minor, p.fee_code, e.entry_type, e.order_no, e.reference,
           p.created_at, count(*) OVER () AS total
    FROM postings p
    JOIN ledger_accounts a ON a.id = p.account_id
    JOIN journal_entries e ON e.id = p.entry_id
    WHERE ${filters}
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(store.db);
  const total = rows[0] ? Number(rows[0].total) : q.offset > 0 ? await count(store, filters) : 0;
  return {
    total,
    rows: rows.map((r) => {
      const exponent = CURRENCIES[r.currency];
      return {
        logId: String(r.id),
        cardId: r.card_id,
        currency: r.currency,
        amount: minorToJsonNumber(BigInt(r.amount_minor), exponent),
        balanceAfter: minorToJsonNumber(BigInt(r.balance_after_minor), exponent),
        logType: r.fee_code ? 'Fee' : r.entry_type,
        feeCode: r.fee_code,
        orderNo: r.order_no,
        reference: r.reference,
        description: r.fee_code ? `Fee ${r.fee_code}` : DESCRIPTIONS[r.entry_type] ?? r.entry_type,
        createdOn: new Date(r.created_at).toISOString(),
      };
    }),
  };
}

/** The total when the page is past the end (the window count has no row to ride on). */
async function count(store: Store, filters: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM postings p JOIN ledger_accounts a ON a.id = p.account_id JOIN journal_entries e ON e.id = p.entry_id
    WHERE ${filters}`.execute(store.db);
  return rows[0]?.n ?? 0;
}
