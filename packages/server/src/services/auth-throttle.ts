import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../db/store.ts';

/** What a budget of failures is counted for. */
export type ThrottleScope = 'client_ip' | 'ip' | 'client' | 'admin_ip' | 'signin_account' | 'signin_ip';

/** One budget a credential attempt draws on: its scope, whose it is, and how many failures a window allows. */
export interface ThrottleBudget { scope: ThrottleScope; key: string; limit: number }

/** A budget spent: no attempt is checked until retryAfter_s has passed. */
export interface ThrottleLock { scope: ThrottleScope; retryAfter_s: number }

/** Who tried, for the one warning a lock logs (on the request's logger): never the secret or key presented. */
export interface AttemptContext { ip: string; clientId?: string; log: FastifyBaseLogger }

// A key is a client_id and/or an address as the client sent them: anything longer or odder than
// a real one (a Basic header decodes to any bytes, NUL included, which PostgreSQL text refuses)
// is stored as its digest, so every key fits the primary key's index.
// Parts are joined with '|' (an address never holds one, and it is always the last part).
const PLAIN_KEY = /^[\x21-\x7e]{1,200}$/;
const keyOf = (...parts: string[]) => {
  const joined = parts.join('|');
  return PLAIN_KEY.test(joined) && !joined.startsWith('sha256:') ? joined : `sha256:${createHash('sha256').update(joined).digest('hex')}`;
};

// Both statements read the window length as a parameter: it is configuration, the same SQL for every process.
const WINDOW = `make_interval(secs => $3::double precision)`;
const RETRY_AFTER = `greatest(1, ceil(extract(epoch from (window_start + ${WINDOW} - now()))))::int`;

const CHECK_SQL = `SELECT scope, failures, ${RETRY_AFTER} AS retry_after_s FROM auth_failures
  WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND window_start > now() - ${WINDOW}`;

// One statement per failure, whatever the number of budgets: a failure in an ended window starts a
// new one at 1. Rows are upserted in the order given (always the same per endpoint), so two
// concurrent failures lock their rows in the same order and cannot deadlock.
const RECORD_SQL = `INSERT INTO auth_failures AS f (scope, key, window_start, failures)
  SELECT s, k, now(), 1 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(s, k, n) ORDER BY n
  ON CONFLICT (scope, key) DO UPDATE SET
    window_start = CASE WHEN f.window_start <= now() - ${WINDOW} THEN now() ELSE f.window_start END,
    failures = CASE WHEN f.window_start <= now() - ${WINDOW} THEN 1 ELSE f.failures + 1 END
  RETURNING scope, failures, ${RETRY_AFTER} AS retry_after_s`;

/**
 * Limits failed credential attempts, in the database so that every API process
 * shares the counts. A success costs one indexed read (lockOf); only failures
 * write (recordFailure). Requests already in flight when a budget runs out are
 * still checked: an attacker's parallel burst can exceed a limit by its own
 * concurrency, once per window.
 */
export class AuthThrottle {
  private lastPrune_ms = 0;

  constructor(private readonly store: Store, private readonly window_s: number, private readonly log: FastifyBaseLogger) {}

  /** The admin key's budget: failures from one address. */
  static adminBudgets(ip: string, perIp: number): ThrottleBudget[] {
    return [{ scope: 'admin_ip', key: keyOf(ip), limit: perIp }];
  }

  /**
   * A console sign-in's budgets: the account (its lower-cased address, from anywhere: slows a
   * guess at one person's password) and the address (slows one machine trying many accounts).
   */
  static signInBudgets(emailKey: string, ip: string, limits: { perAccount: number; perIp: number }): ThrottleBudget[] {
    return [
      { scope: 'signin_account', key: keyOf(emailKey), limit: limits.perAccount },
      { scope: 'signin_ip', key: keyOf(ip), limit: limits.perIp },
    ];
  }

  /** Guesses at one-time password links: only the address has a budget (a link names no account). */
  static signInIpBudgets(ip: string, perIp: number): ThrottleBudget[] {
    return [{ scope: 'signin_ip', key: keyOf(ip), limit: perIp }];
  }

  /** The budgets of a client_id tried from an address: the pair, the address, and the client_id from anywhere. */
  static clientBudgets(clientId: string, ip: string, limits: { perPair: number; perIp: number; perClient: number }): ThrottleBudget[] {
    return [
      { scope: 'client_ip', key: keyOf(clientId, ip), limit: limits.perPair },
      { scope: 'ip', key: keyOf(ip), limit: limits.perIp },
      { scope: 'client', key: keyOf(clientId), limit: limits.perClient },
    ];
  }

  /** The lock among these budgets that lasts longest, or null when every one still has failures left. */
  async lockOf(budgets: ThrottleBudget[]): Promise<ThrottleLock | null> {
    const { rows } = await this.store.query<{ scope: ThrottleScope; failures: number; retry_after_s: number }>(
      CHECK_SQL, [budgets.map((b) => b.scope), budgets.map((b) => b.key), this.window_s]);
    return longestLock(budgets, rows);
  }

  /** Counts one failure against every budget; logs each budget that this failure used up, once. */
  async recordFailure(budgets: ThrottleBudget[], attempt: AttemptContext): Promise<ThrottleLock | null> {
    const { rows } = await this.store.query<{ scope: ThrottleScope; failures: number; retry_after_s: number }>(
      RECORD_SQL, [budgets.map((b) => b.scope), budgets.map((b) => b.key), this.window_s]);
    for (const row of rows) {
      // Exactly one failure per window reaches the limit (the upsert serializes them), in whichever process.
      if (row.failures === budgets.find((b) => b.scope === row.scope)?.limit) {
        attempt.log.warn({ scope: row.scope, clientId: attempt.clientId?.slice(0, 128), ip: attempt.ip, failures: row.failures, lockedFor_s: row.retry_after_s },
          'credential attempts locked: too many failures');
      }
    }
    this.pruneNow();
    return longestLock(budgets, rows);
  }

  /** Deletes ended windows, at most once per window per process: one indexed DELETE, off the request's path. */
  private pruneNow(): void {
    const now = Date.now();
    if (now - this.lastPrune_ms < this.window_s * 1000) return;
    this.lastPrune_ms = now;
    this.store.query(`DELETE FROM auth_failures WHERE window_start < now() - make_interval(secs => $1::double precision)`, [this.window_s])
      .catch((error: unknown) => this.log.warn({ err: error }, 'pruning auth_failures failed; retried after the next window'));
  }
}

function longestLock(budgets: ThrottleBudget[], rows: Array<{ scope: ThrottleScope; failures: number; retry_after_s: number }>): ThrottleLock | null {
  let lock: ThrottleLock | null = null;
  for (const row of rows) {
    const limit = budgets.find((b) => b.scope === row.scope)?.limit ?? Infinity;
    if (row.failures >= limit && (!lock || row.retry_after_s > lock.retryAfter_s)) lock = { scope: row.scope, retryAfter_s: row.retry_after_s };
  }
  return lock;
}
