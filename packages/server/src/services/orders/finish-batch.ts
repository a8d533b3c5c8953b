import { sql } from 'kysely';
import { invariant } from '../../lib/api-error.ts';
import { orderFromDb, type OrderRow } from './model.ts';
import { postingsOf } from './outcomes.ts';

/** Orders a batch can complete (after their channel call succeeded). */
export const batchCompletes = (order: OrderRow): boolean => order.orderType === 'CardTopUp' || order.orderType === 'CardWithdraw';

/**
 * The statement that completes `orders` (see below), and each order's answer: the completed order,
 * or null when it had already been finished (as finishOrder answers).
 */
export function completeBatch(orders: OrderRow[]) {
  // One order twice in a batch must not post twice: the UPDATE takes it once, the postings join on it.
  const unique = [...new Map(orders.map((o) => [o.orderNo, o])).values()];
  let seq = 0;
  const postings = unique.flatMap((o) => {
    const own = postingsOf(o).filter((p) => p.amountMinor !== 0n);
    // Each order's journal entry balances on its own, as movementCtes checks for a single order.
    const total = own.reduce((sum, p) => sum + p.amountMinor, 0n);
    invariant(total === 0n, `journal entry ${o.orderType} ${o.orderNo} does not balance (${total})`);
    return own.map((p) => ({
      seq: seq++, order_no: o.orderNo, customer_id: o.customerId, account_id: String(p.accountId), amount_minor: String(p.amountMinor), fee_code: p.feeCode,
    }));
  });
  return {
    statement: completeStatement(unique.map((o) => o.orderNo), postings),
    outcomes(rows: Array<Record<string, unknown>>): Array<OrderRow | null> {
      const finished = new Map(rows.map((r) => [r.order_no as string, orderFromDb(r)]));
      return orders.map((o) => finished.get(o.orderNo) ?? null);
    },
  };
}

/**
 * One statement, locking in the order finishOrder does: the orders still Processing leave it (a
 * second finisher matches none and changes nothing); then every account the batch touches
 * (ascending id), each updated once with the sum of its postings and released holds; one journal
 * entry per order, its postings each with the balance after it (the balance after the batch less
 * what later postings of the batch added); the cards' in-flight counts; the jobs.
 */
function completeStatement(orderNos: string[], postings: object[]) {
  return sql<Record<string, unknown>>`
    WITH ord AS (
      UPDATE orders SET status = 'Completed', modified_at = now(), completed_at = now(),
        paid_at = CASE WHEN hold_minor > 0 THEN now() END
      WHERE order_no = ANY(${orderNos}::text[]) AND status = 'Processing'
      RETURNING *
    ),
    -- The orders in the order the UPDATE took them, which is the order their events are numbered in (the deferred
    -- trigger fires per row, in that order): their postings and entries follow it, so balances after and events agree.
    ranked AS (SELECT order_no, row_number() OVER () AS rank FROM ord),
    pst AS (
      SELECT p.*, ranked.rank FROM jsonb_to_recordset(${JSON.stringify(postings)}::jsonb)
        AS p(seq int, order_no text, customer_id text, account_id bigint, amount_minor bigint, fee_code text)
      JOIN ranked ON ranked.order_no = p.order_no
    ),
    deltas AS (
      SELECT account_id, sum(balance_delta)::bigint AS balance_delta, sum(held_delta)::bigint AS held_delta FROM (
        SELECT account_id, amount_minor AS balance_delta, 0 AS held_delta FROM pst
        UNION ALL
        SELECT hold_account_id, 0, -hold_minor FROM ord WHERE hold_account_id IS NOT NULL AND hold_minor <> 0
      ) d GROUP BY account_id
    ),
    locked AS (
      SELECT id FROM ledger_accounts WHERE id IN (SELECT account_id FROM deltas) ORDER BY id FOR UPDATE
    ),
    moved AS (
      UPDATE ledger_accounts a SET balance_minor = a.balance_minor + d.balance_delta, held_minor = a.held_minor + d.held_delta
      FROM deltas d JOIN locked ON locked.id = d.account_id
      WHERE a.id = d.account_id AND (SELECT count(*) FROM locked) >= 0 -- every lock taken first, in ascending order
      RETURNING a.id, a.balance_minor
    ),
    entry AS (
      INSERT INTO journal_entries (customer_id, entry_type, order_no)
      SELECT ord.customer_id, ord.order_type, ord.order_no FROM ord JOIN ranked USING (order_no)
      WHERE ord.order_no IN (SELECT order_no FROM pst)
      ORDER BY ranked.rank
      RETURNING id, order_no
    ),
    posted AS (
      INSERT INTO postings (entry_id, customer_id, account_id, amount_minor, balance_after_minor, fee_code)
      SELECT entry.id, p.customer_id, p.account_id, p.amount_minor,
             moved.balance_minor - coalesce(sum(p.amount_minor) OVER (PARTITION BY p.account_id ORDER BY p.rank DESC, p.seq DESC
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
             p.fee_code
      FROM pst p JOIN entry ON entry.order_no = p.order_no JOIN moved ON moved.id = p.account_id
      ORDER BY p.rank, p.seq
    ),
    inflight AS (
      UPDATE cards c SET inflight_orders = c.inflight_orders - d.orders
      FROM (SELECT card_id, count(*)::int AS orders FROM ord GROUP BY card_id) d
      WHERE c.id = d.card_id
    ),
    job AS (DELETE FROM jobs WHERE ref IN (SELECT order_no FROM ord))
    SELECT ord.*,
      CASE WHEN (SELECT count(*) FROM moved) <> (SELECT count(*) FROM deltas) THEN cardepass_abort('ledger_account_missing') END AS checked
    FROM ord`;
}
