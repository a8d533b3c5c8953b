import { sql } from 'kysely';
import type { Store } from '../../db/store.ts';
import type { WebhookResponse } from './http-sender.ts';
import { retryDelayMs } from './retry-policy.ts';

/**
 * What one attempt's answer does to the delivery and its endpoint, written in
 * one transaction with the attempt's row: the delivery log can never show an
 * attempt whose effect is missing, nor an effect without its attempt.
 */

export const GONE_REASON = 'The receiver answered 410 Gone';
export const FAILING_REASON = 'Every delivery failed for 5 days';
// An endpoint that has not accepted a single delivery for this long is switched off (issue 10).
const FAILING_DAYS_BEFORE_DISABLE = 5;

export interface AttemptedDelivery {
  deliveryId: bigint;
  customerId: string;
  endpointId: string;
  /** This attempt's number (1 for the first send), as counted when it was claimed. */
  attempt: number;
  attemptedAt: Date;
}

export type Outcome = 'delivered' | 'retrying' | 'failed';

export interface RecordedOutcome { outcome: Outcome; nextAttemptAt: Date | null; endpointDisabledReason: string | null }

const isSuccess = (status: number | null) => status !== null && status >= 200 && status <= 299;

export async function recordOutcome(store: Store, d: AttemptedDelivery, answer: WebhookResponse, scheduleS: readonly number[]): Promise<RecordedOutcome> {
  if (isSuccess(answer.status)) {
    await store.transaction(async (run) => {
      // status = 'Pending': if another worker took over an expired lease and finished first, its record stands.
      await run(sql`UPDATE webhook_deliveries SET status = 'Delivered', finished_at = now(), next_attempt_at = NULL, locked_until = NULL
                    WHERE id = ${d.deliveryId} AND status = 'Pending'`);
      await run(insertAttempt(d, answer, null));
      await run(sql`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ${d.endpointId} AND failing_since IS NOT NULL`);
    });
    return { outcome: 'delivered', nextAttemptAt: null, endpointDisabledReason: null };
  }
  const gone = answer.status === 410;
  const delay_ms = gone ? null : retryDelayMs({ attempt: d.attempt, status: answer.status, retryAfter: answer.retryAfter }, scheduleS, new Date());
  return store.transaction(async (run) => {
    const [updated] = await run<{ next_attempt_at: Date | null }>(delay_ms === null
      ? sql`UPDATE webhook_deliveries SET status = 'Failed', finished_at = now(), next_attempt_at = NULL, locked_until = NULL
            WHERE id = ${d.deliveryId} AND status = 'Pending' RETURNING next_attempt_at`
      : sql`UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => ${delay_ms}::float8 / 1000), locked_until = NULL
            WHERE id = ${d.deliveryId} AND status = 'Pending' RETURNING next_attempt_at`);
    const nextAttemptAt = updated?.next_attempt_at ? new Date(updated.next_attempt_at) : null;
    await run(insertAttempt(d, answer, nextAttemptAt));
    // The first failure after a success starts the clock; a failure when it started 5 days ago (no success since) disables.
    // 410 Gone is the receiver saying the endpoint no longer exists: disabled at once.
    const [endpoint] = await run<{ disabled_reason: string | null }>(sql`
      UPDATE webhook_endpoints SET
        failing_since = coalesce(failing_since, now()),
        status = CASE WHEN ${gone}::boolean OR failing_since < now() - make_interval(days => ${FAILING_DAYS_BEFORE_DISABLE}::int) THEN 'Disabled' ELSE status END,
        disabled_reason = CASE WHEN ${gone}::boolean THEN ${GONE_REASON}::text
                               WHEN failing_since < now() - make_interval(days => ${FAILING_DAYS_BEFORE_DISABLE}::int) THEN ${FAILING_REASON}::text
                               ELSE disabled_reason END,
        modified_at = CASE WHEN ${gone}::boolean OR failing_since < now() - make_interval(days => ${FAILING_DAYS_BEFORE_DISABLE}::int) THEN now() ELSE modified_at END
      WHERE id = ${d.endpointId} AND status = 'Enabled'
      RETURNING CASE WHEN status = 'Disabled' THEN disabled_reason END AS disabled_reason`);
    return { outcome: nextAttemptAt ? 'retrying' : 'failed', nextAttemptAt, endpointDisabledReason: endpoint?.disabled_reason ?? null };
  });
}

function insertAttempt(d: AttemptedDelivery, answer: WebhookResponse, nextAttemptAt: Date | null) {
  return sql`INSERT INTO webhook_attempts (delivery_id, customer_id, attempted_at, http_status, error, duration_ms, next_attempt_at)
             VALUES (${d.deliveryId}, ${d.customerId}, ${d.attemptedAt}, ${answer.status}, ${answer.error}, ${answer.duration_ms}, ${nextAttemptAt})`;
}

/** A send cut short by shutdown is not the receiver's fault: the attempt is given back and the delivery is free at once. */
export async function releaseDelivery(store: Store, deliveryId: bigint): Promise<void> {
  await sql`UPDATE webhook_deliveries SET locked_until = NULL, attempts = greatest(attempts - 1, 0)
            WHERE id = ${deliveryId} AND status = 'Pending'`.execute(store.db);
}

/**
 * Deliveries due to an endpoint that is no longer Enabled (disabled by the
 * customer, by 410 or by 5 days of failures, or deleted) are not sent: each
 * becomes Failed with an attempt row that says why, so `recover` can re-queue
 * them once the endpoint is enabled again. Returns how many.
 */
export async function failDeliveriesOfDisabledEndpoints(store: Store, limit: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH doomed AS (
      SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.status = 'Pending' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())
        AND e.status <> 'Enabled'
      LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED),
    failed AS (
      UPDATE webhook_deliveries d SET status = 'Failed', finished_at = now(), next_attempt_at = NULL, locked_until = NULL
      FROM doomed WHERE d.id = doomed.id RETURNING d.id, d.customer_id),
    recorded AS (
      INSERT INTO webhook_attempts (delivery_id, customer_id, attempted_at, http_status, error, duration_ms, next_attempt_at)
      SELECT id, customer_id, now(), NULL, 'endpoint disabled', 0, NULL FROM failed RETURNING 1)
    SELECT count(*)::int AS n FROM recorded`.execute(store.db);
  return rows[0]?.n ?? 0;
}
