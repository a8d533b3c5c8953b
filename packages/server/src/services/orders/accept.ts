import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../../db/store.ts';
import { auditInsertWhen, type AuditChange, type AuditOrigin } from '../audit/audit-log.ts';
import { invariant } from '../../lib/api-error.ts';
import { abortReason, withDeadlockRetry } from '../ledger/movement.ts';
import type { OrderRow } from './model.ts';

/** What the card row must look like for the order to be accepted, and what accepting changes on it. */
export type CardGuard = 'money' | 'block' | 'unblock' | 'cancel' | 'limits';

interface GuardSql { set: RawBuilder<unknown>; where: RawBuilder<unknown> }

const GUARDS: Record<Exclude<CardGuard, 'limits'>, GuardSql> = {
  // Top-ups and withdrawals run side by side; a cancel waits until none is in flight.
  money: { set: sql`inflight_orders = inflight_orders + 1`, where: sql`status IN ('Active', 'Blocked') AND pending_op IS DISTINCT FROM 'CardCancel'` },
  block: { set: sql`pending_op = 'CardBlock'`, where: sql`status = 'Active' AND pending_op IS NULL` },
  unblock: { set: sql`pending_op = 'CardUnblock'`, where: sql`status = 'Blocked' AND pending_op IS NULL` },
  cancel: { set: sql`pending_op = 'CardCancel'`, where: sql`status IN ('Active', 'Blocked') AND pending_op IS NULL AND inflight_orders = 0` },
};

/**
 * The guard's SQL. A limit change (CreditLimit) parks the order's new limits on the card, where
 * authorizations apply them at once if stricter, and is refused when the new total limit is below
 * the credit the card has used: decided here, under the row lock, not by a read before the statement.
 */
function guardSql(guard: CardGuard, o: OrderRow): GuardSql {
  if (guard !== 'limits') return GUARDS[guard];
  const limits = o.detail.limits;
  invariant(limits, `order ${o.orderNo} changes limits without any`);
  const maxCredit = sql`${limits.maxCreditMinor}::bigint`;
  return {
    set: sql`pending_op = 'CreditLimit', pending_max_auth_minor = ${limits.maxAuthMinor}::bigint, pending_max_credit_minor = ${maxCredit}`,
    where: sql`card_model = 'ShareBalance' AND status IN ('Active', 'Blocked') AND pending_op IS NULL
               AND (${maxCredit} IS NULL OR used_credit_minor <= ${maxCredit})`,
  };
}

export interface AcceptSpec {
  order: OrderRow;
  cardGuard?: CardGuard;
  /** Cancel holds exactly what is available (checked against what was read before). */
  holdExact?: boolean;
  /** ApplyCard: the new card's ledger account is created with the order. */
  createCardAccount?: boolean;
  /** When this process executes the job itself, it is leased at birth so pollers leave it alone. */
  leaseMs: number | null;
  /** An order placed through the operator API or the console: its audit row, written by the accepting statement. */
  audit?: { origin: AuditOrigin; change: AuditChange };
}

export type AcceptOutcome =
  | { kind: 'accepted'; createdAt: Date; cardAccountId: bigint | null }
  | { kind: 'card_state' }
  | { kind: 'insufficient_funds' }
  | { kind: 'duplicate' };

/**
 * Accepts an order in one SQL statement, so one round trip and one commit:
 * hold the funds, guard the card row, insert the order and its job. Each step
 * runs only if the previous one matched; a statement that changed something
 * and then cannot finish aborts itself, which rolls every step back.
 *
 * Lock order, the same in every statement that moves money: ledger accounts
 * (ascending id), then the card row. Two statements that lock in opposite
 * orders deadlock, and PostgreSQL takes deadlock_timeout (1 s) to notice.
 */
export async function acceptOrder(store: Store, spec: AcceptSpec): Promise<AcceptOutcome> {
  const o = spec.order;
  const holdCondition = spec.holdExact ? sql`balance_minor - held_minor = ${String(o.holdMinor)}::bigint` : sql`balance_minor - held_minor >= ${String(o.holdMinor)}::bigint`;
  const hold = o.holdAccountId !== null
    ? sql`UPDATE ledger_accounts SET held_minor = held_minor + ${String(o.holdMinor)}::bigint
          WHERE id = ${String(o.holdAccountId)}::bigint AND ${holdCondition} RETURNING id`
    : sql`SELECT 1 AS id`;
  const cardGuard = spec.cardGuard ? guardSql(spec.cardGuard, o) : null;
  const guard = cardGuard
    ? sql`UPDATE cards SET ${cardGuard.set}
          WHERE id = ${o.cardId} AND customer_id = ${o.customerId} AND ${cardGuard.where} AND EXISTS (SELECT 1 FROM hold) RETURNING id`
    : sql`SELECT 1 AS id FROM hold`;
  const cardAccount = spec.createCardAccount
    ? sql`INSERT INTO ledger_accounts (customer_id, kind, currency, card_id) SELECT ${o.customerId}, 'card', ${o.currency}, ${o.cardId} FROM ord RETURNING id`
    : sql`SELECT NULL::bigint AS id WHERE false`;
  const lease = spec.leaseMs === null ? sql`NULL::timestamptz` : sql`now() + ${`${spec.leaseMs} milliseconds`}::interval`;
  // Orders of the operator API and the console say who placed them and are audited in this same statement, so
  // the audit row exists exactly when the order does: gated on `ord`, a refusal or a replay (nothing inserted)
  // records nothing. It reads `ord`, so it runs after the hold and the guard: the audit chain's head is locked
  // last (ledger accounts, card row, audit chain). Integrator (/v1) orders add neither, and their statement's text
  // stays what it was: the same prepared statement, no extra work, no contention on the audit chain.
  const requestedBy = o.requestedBy ? { column: sql`, requested_by`, value: sql`, ${o.requestedBy}` } : { column: sql``, value: sql`` };
  const audit = spec.audit ? sql`,
    audit AS (${auditInsertWhen(spec.audit.origin, spec.audit.change, sql`EXISTS (SELECT 1 FROM ord)`)})` : sql``;

  const statement = sql<{ outcome: string; created_at: Date | null; card_account_id: bigint | null }>`
    WITH hold AS (${hold}),
    guard AS (${guard}),
    ord AS (
      INSERT INTO orders (order_no, customer_id, customer_order_no, request_hash, card_model, order_type, status, card_id,
                          currency, amount_minor, fee_minor, hold_account_id, hold_minor, detail${requestedBy.column})
      SELECT ${o.orderNo}, ${o.customerId}, ${o.customerOrderNo}, ${o.requestHash}, ${o.cardModel}, ${o.orderType}, 'Processing',
             ${o.cardId}, ${o.currency}, ${String(o.amountMinor)}::bigint, ${String(o.feeMinor)}::bigint,
             ${o.holdAccountId === null ? null : String(o.holdAccountId)}::bigint, ${String(o.holdMinor)}::bigint, ${JSON.stringify(o.detail)}::jsonb${requestedBy.value}
      WHERE EXISTS (SELECT 1 FROM guard)
      ON CONFLICT (customer_id, customer_order_no) DO NOTHING
      RETURNING order_no, created_at
    ),
    acct AS (${cardAccount}),
    job AS (INSERT INTO jobs (customer_id, kind, ref, locked_until, attempts)
            SELECT ${o.customerId}, 'order', order_no, ${lease}, ${spec.leaseMs === null ? 0 : 1} FROM ord)${audit}
    SELECT CASE
      WHEN EXISTS (SELECT 1 FROM ord) THEN 'accepted'
      WHEN NOT EXISTS (SELECT 1 FROM hold) THEN 'insufficient_funds'
      WHEN NOT EXISTS (SELECT 1 FROM guard) THEN cardepass_abort('card_state')
      ELSE cardepass_abort('duplicate') END AS outcome,
      (SELECT created_at FROM ord) AS created_at,
      (SELECT id FROM acct) AS card_account_id`;

  try {
    const rows = await withDeadlockRetry(() => store.prepared<{ outcome: string; created_at: Date | null; card_account_id: bigint | null }>(statement));
    const row = rows[0]!;
    if (row.outcome === 'accepted') {
      return { kind: 'accepted', createdAt: new Date(row.created_at!), cardAccountId: row.card_account_id === null ? null : BigInt(row.card_account_id) };
    }
    return { kind: 'insufficient_funds' };
  } catch (error) {
    const reason = abortReason(error);
    if (reason === 'card_state' || reason === 'duplicate') return { kind: reason };
    throw error;
  }
}
