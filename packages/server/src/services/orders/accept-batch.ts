import { sql } from 'kysely';
import type { AcceptOutcome, AcceptSpec } from './accept.ts';

/** Orders a batch can accept: money in or out of a card, placed through /v1 (no audit row, no requester). */
export function batchAccepts(spec: AcceptSpec): boolean {
  const o = spec.order;
  return spec.cardGuard === 'money' && !spec.holdExact && !spec.createCardAccount && !spec.audit && !o.requestedBy
    && o.holdAccountId !== null && o.cardId !== null;
}

/** The statement that accepts what it can of `specs` (see below), and each spec's outcome from its answer: null if not accepted. */
export function acceptBatch(specs: AcceptSpec[]) {
  const rows = specs.map((spec, seq) => {
    const o = spec.order;
    return {
      seq, order_no: o.orderNo, customer_id: o.customerId, customer_order_no: o.customerOrderNo, request_hash: o.requestHash,
      card_model: o.cardModel, order_type: o.orderType, card_id: o.cardId, currency: o.currency,
      amount_minor: String(o.amountMinor), fee_minor: String(o.feeMinor), hold_account_id: String(o.holdAccountId), hold_minor: String(o.holdMinor),
      detail: o.detail, lease_ms: spec.leaseMs,
    };
  });
  return {
    statement: acceptStatement(rows),
    outcomes(accepted: Array<{ order_no: string; created_at: Date }>): Array<AcceptOutcome | null> {
      const createdAt = new Map(accepted.map((r) => [r.order_no, new Date(r.created_at)]));
      return specs.map((spec) => {
        const at = createdAt.get(spec.order.orderNo);
        return at ? { kind: 'accepted', createdAt: at, cardAccountId: null } : null;
      });
    },
  };
}

/**
 * One statement: lock the hold accounts (ascending id), then the cards that take money (ascending id),
 * the order every money statement locks in; keep the orders with a new or no customerOrderNo (the
 * first of a number repeated within the batch) whose account covers the running sum of holds up to
 * them; insert them and their jobs; add their holds and in-flight counts. Only this plain case: an
 * order left out (a replay, a conflict, a card in the wrong state, funds short, also when an earlier
 * order of the account was the one short) is decided again alone by acceptOrder, which says why.
 * Amounts travel as text (JSON numbers lose precision past 2^53).
 */
function acceptStatement(rows: object[]) {
  return sql<{ order_no: string; created_at: Date }>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
        seq int, order_no text, customer_id text, customer_order_no text, request_hash text, card_model text, order_type text,
        card_id text, currency text, amount_minor bigint, fee_minor bigint, hold_account_id bigint, hold_minor bigint, detail jsonb, lease_ms int)
    ),
    acc AS MATERIALIZED (
      SELECT id, balance_minor - held_minor AS available_minor FROM ledger_accounts
      WHERE id IN (SELECT hold_account_id FROM input) ORDER BY id FOR UPDATE
    ),
    crd AS MATERIALIZED (
      SELECT id, customer_id FROM cards
      WHERE id IN (SELECT card_id FROM input) AND (SELECT count(*) FROM acc) >= 0
        AND status IN ('Active', 'Blocked') AND pending_op IS DISTINCT FROM 'CardCancel'
      ORDER BY id FOR UPDATE
    ),
    fresh AS (
      -- Orders without a customerOrderNo are all distinct (as NULLs are in the unique constraint).
      SELECT DISTINCT ON (i.customer_id, coalesce(i.customer_order_no, i.order_no)) i.* FROM input i
      JOIN crd ON crd.id = i.card_id AND crd.customer_id = i.customer_id
      WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = i.customer_id AND o.customer_order_no = i.customer_order_no)
      ORDER BY i.customer_id, coalesce(i.customer_order_no, i.order_no), i.seq
    ),
    funded AS (
      SELECT f.* FROM (SELECT *, sum(hold_minor) OVER (PARTITION BY hold_account_id ORDER BY seq) AS running_minor FROM fresh) f
      JOIN acc ON acc.id = f.hold_account_id
      WHERE f.running_minor <= acc.available_minor
    ),
    ord AS (
      INSERT INTO orders (order_no, customer_id, customer_order_no, request_hash, card_model, order_type, status, card_id,
                          currency, amount_minor, fee_minor, hold_account_id, hold_minor, detail)
      SELECT order_no, customer_id, customer_order_no, request_hash, card_model, order_type, 'Processing', card_id,
             currency, amount_minor, fee_minor, hold_account_id, hold_minor, detail
      FROM funded ORDER BY seq
      ON CONFLICT (customer_id, customer_order_no) DO NOTHING
      RETURNING order_no, customer_id, card_id, hold_account_id, hold_minor, created_at
    ),
    held AS (
      UPDATE ledger_accounts a SET held_minor = a.held_minor + d.total_minor
      FROM (SELECT hold_account_id, sum(hold_minor) AS total_minor FROM ord GROUP BY hold_account_id) d
      WHERE a.id = d.hold_account_id
    ),
    inflight AS (
      UPDATE cards c SET inflight_orders = c.inflight_orders + d.orders
      FROM (SELECT card_id, count(*)::int AS orders FROM ord GROUP BY card_id) d
      WHERE c.id = d.card_id
    ),
    job AS (
      INSERT INTO jobs (customer_id, kind, ref, locked_until, attempts)
      SELECT ord.customer_id, 'order', ord.order_no,
             now() + make_interval(secs => input.lease_ms / 1000.0), CASE WHEN input.lease_ms IS NULL THEN 0 ELSE 1 END
      FROM ord JOIN input USING (order_no)
    )
    SELECT order_no, created_at FROM ord`;
}
