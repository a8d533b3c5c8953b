import { sql, type Transaction as DbTransaction } from 'kysely';
import type { LocalizedText } from '@cardepass/contract';
import type { DB } from '../../db/types.ts';
import type { Store } from '../../db/store.ts';
import { ApiError, invariant } from '../../lib/api-error.ts';
import { newTransactionId } from '../../lib/ids.ts';
import { movementCtes, withDeadlockRetry, type Posting } from '../ledger/movement.ts';
import { optionalAmount, requestHash, money } from '../orders/inputs.ts';
import { transactionFromDb, type TransactionRow } from './model.ts';
import { planClearing, planExpiry, planRefund, planReversal, type EventPlan, type LockedAuthorization } from './plans.ts';

export type EventType = 'Clearing' | 'Reversal' | 'Refund';
export interface LifecycleResult { transaction: TransactionRow; replayed: boolean }
export interface EventInput { transactionId: string; amount?: unknown; reference?: string | undefined }

const CONSTRAINT_REASONS: Record<string, LocalizedText> = {
  ledger_accounts_not_overdrawn: { en: 'the available balance does not cover it', zh: '可用余额不足以支付' },
  cards_within_credit_limit: { en: "it would exceed the card's maxCreditAmount", zh: '将超过卡片总额度 maxCreditAmount' },
};

/**
 * What follows an authorization: its clearing (possibly for more or less than
 * was held), reversals, refunds and expiry. Each is one database transaction:
 * lock the authorization row, decide against it, then one statement writes
 * the event, updates the authorization, moves the money as one balanced
 * journal entry (accounts locked in ascending id order) and adjusts the
 * card's used credit. The authorization row is locked first and no statement
 * locks accounts before authorization rows, so this cannot deadlock with the
 * authorization engine or with orders.
 */
export class TransactionLifecycle {
  constructor(private readonly store: Store, private readonly overCapturePercent: number) {}

  clear(customerId: string, input: EventInput): Promise<LifecycleResult> {
    return this.event(customerId, input, 'Clearing', (locked, amount) => planClearing(locked, amount, this.overCapturePercent));
  }

  reverse(customerId: string, input: EventInput): Promise<LifecycleResult> {
    return this.event(customerId, input, 'Reversal', planReversal);
  }

  refund(customerId: string, input: EventInput): Promise<LifecycleResult> {
    return this.event(customerId, input, 'Refund', planRefund);
  }

  /** Releases an uncleared authorization's hold. Expiring an Expired authorization returns it unchanged. */
  expire(customerId: string | null, transactionId: string): Promise<LifecycleResult> {
    return this.inTransaction(async (trx) => {
      const locked = await this.lock(trx, customerId, transactionId, false);
      if (locked.auth.status === 'Expired') return { transaction: locked.auth, replayed: true };
      return { transaction: await this.write(trx, locked, planExpiry(locked), null), replayed: false };
    });
  }

  private event(customerId: string, input: EventInput, type: EventType, plan: (locked: LockedAuthorization, amount: bigint | null) => EventPlan) {
    return this.inTransaction(async (trx) => {
      // A refund may name the clearing instead of the authorization; both lead to the authorization.
      const locked = await this.lock(trx, customerId, input.transactionId, type === 'Refund');
      const amount = optionalAmount('amount', input.amount, locked.auth.billingCurrency);
      const hash = requestHash([type, locked.auth.id, amount]);
      if (input.reference) {
        const earlier = await findEvent(trx, locked.auth.cardId, type, input.reference);
        if (earlier) {
          if (earlier.requestHash !== hash) throw new ApiError('REFERENCE_CONFLICT', { reference: input.reference, transactionType: type });
          return { transaction: earlier, replayed: true };
        }
      }
      const planned = plan(locked, amount);
      const eventRow = { id: newTransactionId(), type, reference: input.reference ?? null, hash };
      try {
        return { transaction: await this.write(trx, locked, planned, eventRow), replayed: false };
      } catch (error) {
        const constraint = (error as { code?: string; constraint?: string }).code === '23514' ? (error as { constraint?: string }).constraint : undefined;
        const reason = constraint ? CONSTRAINT_REASONS[constraint] : undefined;
        if (reason && planned.extraMinor > 0n) {
          throw new ApiError('OVER_CAPTURE_DECLINED', { extra: money(planned.extraMinor, locked.auth.billingCurrency), reason });
        }
        throw error;
      }
    });
  }

  private inTransaction<T>(work: (trx: DbTransaction<DB>) => Promise<T>): Promise<T> {
    return withDeadlockRetry(() => this.store.db.transaction().execute(work));
  }

  /** The authorization, locked, with what the money movements need to know about its card. */
  private async lock(trx: DbTransaction<DB>, customerId: string | null, transactionId: string, followClearing: boolean): Promise<LockedAuthorization> {
    const row = await selectForUpdate(trx, customerId, transactionId);
    if (!row) throw new ApiError('TRANSACTION_NOT_FOUND', { transactionId });
    let auth = transactionFromDb(row);
    if (auth.type === 'Clearing' && followClearing && auth.authorizationId) {
      const parent = await selectForUpdate(trx, customerId, auth.authorizationId);
      invariant(parent, `clearing ${auth.id} without its authorization`);
      auth = transactionFromDb(parent);
    }
    if (auth.type !== 'Authorization') throw new ApiError('NOT_AN_AUTHORIZATION', { transactionId, transactionType: auth.type });
    return {
      auth,
      cardCancelled: row.card_status === 'Cancel',
      cardAccountId: row.card_account_id === null ? null : BigInt(row.card_account_id as bigint),
      fundingAccountId: BigInt(row.funding_account_id as bigint),
      networkAccountId: BigInt(row.network_account_id as bigint),
    };
  }

  private async write(trx: DbTransaction<DB>, locked: LockedAuthorization, plan: EventPlan, event: { id: string; type: EventType; reference: string | null; hash: string } | null): Promise<TransactionRow> {
    const { auth } = locked;
    const postings: Posting[] = plan.postings.filter((p) => p.amountMinor !== 0n);
    const { ctes, check } = movementCtes({
      customerId: auth.customerId, entryType: event?.type ?? 'Expiry', orderNo: null, reference: event?.id ?? auth.id, requestHash: null,
      postings, holdChanges: auth.holdAccountId === null ? [] : [{ accountId: auth.holdAccountId, heldDeltaMinor: -plan.holdReleaseMinor }],
    }, 'auth_upd');
    const next = plan.authorization;
    const eventInsert = event === null ? sql`SELECT NULL::text AS id WHERE false` : sql`
      INSERT INTO card_transactions (id, customer_id, card_id, card_model, type, status, authorization_id, amount_minor, currency,
        billing_amount_minor, billing_currency, merchant_name, mcc, merchant_country, reference, request_hash, settled_at)
      SELECT ${event.id}, customer_id, card_id, card_model, ${event.type}, 'Completed', id, ${String(plan.amountMinor)}::bigint, currency,
        ${String(plan.amountMinor)}::bigint, billing_currency, merchant_name, mcc, merchant_country, ${event.reference}, ${event.hash},
        CASE WHEN ${event.type} = 'Reversal' THEN NULL ELSE now() END
      FROM auth_upd RETURNING *`;
    const result = event === null ? sql`SELECT auth_upd.* FROM auth_upd` : sql`SELECT ev.* FROM ev`;
    const { rows } = await sql<Record<string, unknown>>`
      WITH auth_upd AS (
        UPDATE card_transactions SET status = ${next.status}, held_minor = ${String(next.heldMinor)}::bigint,
          cleared_minor = ${String(next.clearedMinor)}::bigint, reversed_minor = ${String(next.reversedMinor)}::bigint,
          refunded_minor = ${String(next.refundedMinor)}::bigint,
          settled_at = CASE WHEN ${next.status} = 'Settled' THEN coalesce(settled_at, now()) ELSE settled_at END
        WHERE id = ${auth.id} RETURNING *
      ),
      ev AS (${eventInsert}),
      ${ctes},
      credit AS (
        UPDATE cards SET used_credit_minor = used_credit_minor + ${String(plan.usedCreditDeltaMinor)}::bigint
        WHERE id = ${auth.cardId} AND ${plan.usedCreditDeltaMinor !== 0n}::boolean AND EXISTS (SELECT 1 FROM auth_upd) RETURNING id
      )
      SELECT r.*, ${auth.createdAt}::timestamptz AS authorization_time, ${check} AS checked FROM (${result}) r`.execute(trx);
    invariant(rows[0], `authorization ${auth.id} vanished while locked`);
    return transactionFromDb(rows[0]);
  }
}

async function selectForUpdate(trx: DbTransaction<DB>, customerId: string | null, transactionId: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT t.*, c.status AS card_status, c.account_id AS card_account_id,
      (SELECT id FROM ledger_accounts WHERE customer_id = t.customer_id AND kind = 'funding' AND currency = t.billing_currency AND card_id IS NULL) AS funding_account_id,
      (SELECT id FROM ledger_accounts WHERE customer_id = t.customer_id AND kind = 'network' AND currency = t.billing_currency AND card_id IS NULL) AS network_account_id
    FROM card_transactions t JOIN cards c ON c.id = t.card_id
    WHERE t.id = ${transactionId} AND (${customerId}::text IS NULL OR t.customer_id = ${customerId})
    FOR UPDATE OF t`.execute(trx);
  return rows[0];
}

async function findEvent(trx: DbTransaction<DB>, cardId: string, type: EventType, reference: string): Promise<TransactionRow | undefined> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT t.*, a.created_at AS authorization_time FROM card_transactions t LEFT JOIN card_transactions a ON a.id = t.authorization_id
    WHERE t.card_id = ${cardId} AND t.type = ${type} AND t.reference = ${reference}`.execute(trx);
  return rows[0] ? transactionFromDb(rows[0]) : undefined;
}
