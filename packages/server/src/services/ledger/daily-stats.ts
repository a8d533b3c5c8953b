import { sql } from 'kysely';
import { CURRENCIES, minorToJsonNumber, type admin, type Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';

/** Longest range of the daily statistics: about a quarter, one point per day on a chart. */
export const MAX_STATS_DAYS = 92;

export interface DailyStatsQuery { currency: Currency; fromDay: string; toDay: string; customerId: string | undefined }

type DayRow = {
  day: string; issued_cards: number; approved: number; approved_minor: bigint | null; declined: number; declined_minor: bigint | null;
  top_up_minor: bigint | null; withdrawal_minor: bigint | null;
};

/**
 * Per UTC day in [fromDay, toDay]: cards issued, orders by type and status,
 * authorizations approved and declined (counts and amounts), completed top-ups
 * and withdrawals, in one currency. generate_series gives every day a row, so a
 * chart needs no gap filling. Two statements: the day rows, and the order counts
 * (a varying number of type × status pairs per day).
 */
export async function dailyStats(store: Store, q: DailyStatsQuery): Promise<admin.StatsDaily> {
  const from = sql`${q.fromDay}::date::timestamp AT TIME ZONE 'UTC'`;
  const to = sql`(${q.toDay}::date + 1)::timestamp AT TIME ZONE 'UTC'`;
  const scope = (alias: string) => sql`${sql.ref(`${alias}.created_at`)} >= ${from} AND ${sql.ref(`${alias}.created_at`)} < ${to}
    AND ${sql.ref(`${alias}.currency`)} = ${q.currency}${q.customerId ? sql` AND ${sql.ref(`${alias}.customer_id`)} = ${q.customerId}` : sql``}`;
  const day = (alias: string) => sql`(${sql.ref(`${alias}.created_at`)} AT TIME ZONE 'UTC')::date`;

  const days = await sql<DayRow>`
    WITH days AS (
      SELECT d::date AS day FROM generate_series(${q.fromDay}::date::timestamp, ${q.toDay}::date::timestamp, interval '1 day') AS d
    ),
    issued AS (SELECT ${day('c')} AS day, count(*)::int AS n FROM cards c WHERE ${scope('c')} GROUP BY 1),
    auths AS (
      SELECT ${day('t')} AS day,
        count(*) FILTER (WHERE t.status <> 'Declined')::int AS approved, sum(t.amount_minor) FILTER (WHERE t.status <> 'Declined') AS approved_minor,
        count(*) FILTER (WHERE t.status = 'Declined')::int AS declined, sum(t.amount_minor) FILTER (WHERE t.status = 'Declined') AS declined_minor
      FROM card_transactions t WHERE t.type = 'Authorization' AND ${scope('t')} GROUP BY 1
    ),
    moved AS (
      SELECT ${day('o')} AS day,
        sum(o.amount_minor) FILTER (WHERE o.order_type IN ('ApplyCard', 'CardTopUp')) AS top_up_minor,
        sum(o.amount_minor) FILTER (WHERE o.order_type = 'CardWithdraw') AS withdrawal_minor
      FROM orders o WHERE o.status = 'Completed' AND ${scope('o')} GROUP BY 1
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(issued.n, 0) AS issued_cards,
      coalesce(auths.approved, 0) AS approved, auths.approved_minor, coalesce(auths.declined, 0) AS declined, auths.declined_minor,
      moved.top_up_minor, moved.withdrawal_minor
    FROM days
    LEFT JOIN issued ON issued.day = days.day
    LEFT JOIN auths ON auths.day = days.day
    LEFT JOIN moved ON moved.day = days.day
    ORDER BY days.day`.execute(store.db);

  const orders = await sql<{ day: string; order_type: string; status: string; n: number }>`
    SELECT to_char(${day('o')}, 'YYYY-MM-DD') AS day, o.order_type, o.status, count(*)::int AS n
    FROM orders o WHERE ${scope('o')}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(store.db);
  const ordersByDay = new Map<string, admin.StatsDaily['days'][number]['orders']>();
  for (const o of orders.rows) {
    const list = ordersByDay.get(o.day) ?? (ordersByDay.set(o.day, []).get(o.day)!);
    list.push({ orderType: o.order_type, status: o.status, count: o.n });
  }

  const exponent = CURRENCIES[q.currency];
  const money = (minor: bigint | null) => minorToJsonNumber(BigInt(minor ?? 0), exponent);
  return {
    currency: q.currency, from: q.fromDay, to: q.toDay,
    days: days.rows.map((r) => ({
      date: r.day, issuedCards: r.issued_cards, orders: ordersByDay.get(r.day) ?? [],
      authorizationsApproved: r.approved, authorizationsApprovedAmount: money(r.approved_minor),
      authorizationsDeclined: r.declined, authorizationsDeclinedAmount: money(r.declined_minor),
      topUpAmount: money(r.top_up_minor), withdrawalAmount: money(r.withdrawal_minor),
    })),
  };
}
