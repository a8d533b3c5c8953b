/**
 * When a failed webhook delivery is tried again. The n-th failure waits the
 * n-th entry of CARDEPASS_WEBHOOK_RETRY_SCHEDULE_S, give or take 10 % so that
 * the retries of many deliveries that failed together (a receiver's outage)
 * do not all arrive at the same instant when it comes back. After the last
 * entry the delivery is given up (Failed).
 */

// ±10 %: enough to spread a burst, small enough that the documented schedule still holds.
const JITTER_FRACTION = 0.1;
// A receiver may ask for more time with Retry-After, but not park a delivery for ever.
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** Statuses whose Retry-After asks the sender to slow down (RFC 9110 §10.2.3). */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/**
 * Retry-After as milliseconds from `now`: delay-seconds or an HTTP date.
 * Null when absent, malformed or not in the future.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return seconds > 0 ? seconds * 1000 : null;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  const ms = at - now.getTime();
  return ms > 0 ? ms : null;
}

export interface FailedAttempt {
  /** Which attempt failed: 1 for the first send. */
  attempt: number;
  /** The HTTP status, or null for a timeout or network error. */
  status: number | null;
  retryAfter: string | null;
}

/**
 * Milliseconds until the next attempt after a failed one, or null when the
 * schedule is exhausted. A Retry-After on 429/503 is honoured only when it
 * asks for MORE than the schedule (capped at 24 hours): a receiver may slow us
 * down, not make us hammer it.
 */
export function retryDelayMs(failed: FailedAttempt, scheduleS: readonly number[], now: Date, random: () => number = Math.random): number | null {
  const scheduledS = scheduleS[failed.attempt - 1];
  if (scheduledS === undefined) return null;
  const jittered = Math.round(scheduledS * 1000 * (1 - JITTER_FRACTION + 2 * JITTER_FRACTION * random()));
  if (failed.status === null || !RETRY_AFTER_STATUSES.has(failed.status)) return jittered;
  const asked = parseRetryAfter(failed.retryAfter, now);
  return asked !== null && asked > jittered ? Math.min(asked, MAX_RETRY_AFTER_MS) : jittered;
}
