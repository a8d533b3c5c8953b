import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import { settledWithin } from '../../lib/settled-within.ts';
import type { DataKeyring } from '../keys/data-keyring.ts';
import { eventFromDb, renderEvent } from '../events/render.ts';
import { pruneEvents } from '../events/retention.ts';
import { secretsInForce, type EndpointSecretColumns } from './endpoint-secrets.ts';
import { webhookHeaders } from './signing.ts';
import { sendWebhook } from './http-sender.ts';
import { urlPolicyFor, type UrlPolicy } from './url-policy.ts';
import { failDeliveriesOfDisabledEndpoints, recordOutcome, releaseDelivery, type Outcome } from './delivery-outcome.ts';

/**
 * Bounds (issue 10: a slow receiver must not hold up others nor grow memory):
 * - at most 16 deliveries in flight per process (MAX_IN_FLIGHT);
 * - at most 4 per endpoint (MAX_PER_ENDPOINT): the claim skips an endpoint
 *   that already has 4 leased deliveries, whichever process holds them, and
 *   takes at most 4 minus that many. One process claims serially, so per
 *   process the bound is exact; two processes claiming at the same instant
 *   may each take 4 (each cannot see the other's uncommitted leases);
 * - so a receiver that hangs holds at most 4 of the 16 slots, each for at most
 *   CARDEPASS_WEBHOOK_TIMEOUT_MS (one timer per request), and the other 12
 *   keep serving other endpoints;
 * - each response body is read up to 64 KiB and discarded (http-sender.ts).
 * A delivery is leased for the timeout plus a margin: a worker killed mid-send
 * loses nothing, its leases run out and another worker sends again (at least
 * once; receivers dedupe on webhook-id).
 */
export const MAX_IN_FLIGHT = 16;
export const MAX_PER_ENDPOINT = 4;
// Time to write the outcome after the answer, on a busy database.
const LEASE_MARGIN_MS = 10_000;
const DISABLED_SWEEP_BATCH = 1_000;
const DISABLED_SWEEP_INTERVAL_MS = 1_000;
// Retention is a background chore: every few minutes is plenty.
const RETENTION_INTERVAL_MS = 5 * 60_000;
// On stop, sends still running this long after are cut; their deliveries are released for another worker.
const STOP_GRACE_MS = 3_000;

export interface DelivererParts {
  store: Store;
  dataKeys: DataKeyring;
  config: Pick<Config, 'environment' | 'webhookAllowPrivate' | 'webhookTimeoutMs' | 'webhookRetryScheduleS' | 'workerPollMs' | 'eventRetentionDays'>;
  log: FastifyBaseLogger;
  /** Counts every recorded attempt by outcome (the /metrics counter). */
  onOutcome?: (outcome: Outcome) => void;
}

/** One claimed delivery with what it takes to send it: the event and the endpoint's URL and secrets. */
type ClaimedRow = EndpointSecretColumns & Record<string, unknown> & { delivery_id: bigint; attempts: number; url: string; event_customer_id: string };

export class WebhookDeliverer {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly policy: UrlPolicy;
  private readonly lease_ms: number;
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();
  private pause = new AbortController();
  private cut = WebhookDeliverer.cutSignal();
  private nextPruneAt = 0;
  private nextDisabledSweepAt = 0;
  /** Set while the loop waits for a free slot (every slot busy): a send that ends calls it. */
  private slotFreed: (() => void) | null = null;

  private static cutSignal(): AbortController {
    const cut = new AbortController();
    // Every send in flight listens for the cut: up to MAX_IN_FLIGHT listeners is the design, not a leak.
    setMaxListeners(MAX_IN_FLIGHT * 2, cut.signal);
    return cut;
  }

  constructor(private readonly parts: DelivererParts) {
    this.policy = urlPolicyFor(parts.config);
    this.lease_ms = parts.config.webhookTimeoutMs + LEASE_MARGIN_MS;
  }

  get sending(): number {
    return this.inFlight.size;
  }

  /** One round: fail what goes to disabled endpoints, claim what is due (within the bounds), send it; resolves when those sends are recorded. */
  async runDue(): Promise<number> {
    const started = await this.dispatchDue(true);
    await Promise.all(started);
    return started.length;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.pause = new AbortController();
    this.cut = WebhookDeliverer.cutSignal();
    this.loop = this.run();
  }

  /** Stops claiming, waits (bounded) for the sends in flight, then cuts the rest and releases their deliveries. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.abort();
    await this.loop;
    const pending = Promise.all([...this.inFlight]);
    const grace = new AbortController();
    await Promise.race([pending, sleep(STOP_GRACE_MS, undefined, { signal: grace.signal }).catch(() => {})]);
    grace.abort();
    this.cut.abort();
    await pending;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      try {
        claimed = (await this.dispatchDue(Date.now() >= this.nextDisabledSweepAt)).length;
        if (Date.now() >= this.nextPruneAt) {
          this.nextPruneAt = Date.now() + RETENTION_INTERVAL_MS;
          const pruned = await pruneEvents(this.parts.store, this.parts.config.eventRetentionDays);
          if (pruned > 0) this.parts.log.info({ pruned }, 'events past their retention deleted');
        }
      } catch (error) {
        this.parts.log.error({ err: error }, 'webhook delivery poll failed');
      }
      // Every slot busy: claim again as soon as one frees (waiting a whole poll interval would cap delivery
      // at MAX_IN_FLIGHT per interval). Nothing due: wait the interval. Otherwise more may be due: at once.
      if (this.inFlight.size >= MAX_IN_FLIGHT) {
        await this.untilSlotFrees();
      } else if (claimed === 0) {
        await sleep(this.parts.config.workerPollMs, undefined, { signal: this.pause.signal }).catch(() => {});
      }
    }
  }

  /**
   * Waits until a send ends, the poll interval passes or the loop is paused. Not AbortSignal.any: on
   * Node 20 every signal it makes stays registered on the long-lived pause signal until that aborts
   * (nodejs/node#55351), one more per wait. Not Promise.race over the sends either: each race leaves a
   * reaction on every send still in flight.
   */
  private async untilSlotFrees(): Promise<void> {
    const freed = new Promise<void>((resolve) => { this.slotFreed = resolve; });
    await settledWithin(freed, this.parts.config.workerPollMs, this.pause.signal);
    this.slotFreed = null;
  }

  private async dispatchDue(sweepDisabled: boolean): Promise<Promise<void>[]> {
    // The loop sweeps once a second, not on every poll: the sweep reads the due backlog, which a slow receiver can make long.
    if (sweepDisabled) {
      this.nextDisabledSweepAt = Date.now() + DISABLED_SWEEP_INTERVAL_MS;
      const failed = await failDeliveriesOfDisabledEndpoints(this.parts.store, DISABLED_SWEEP_BATCH);
      if (failed > 0) this.parts.log.info({ failed }, 'deliveries to disabled endpoints marked Failed');
    }
    const room = MAX_IN_FLIGHT - this.inFlight.size;
    if (room <= 0) return [];
    const rows = await this.claim(room);
    return rows.map((row) => {
      const send = this.deliver(row).catch((error: unknown) => {
        this.parts.log.error({ err: error, deliveryId: String(row.delivery_id) }, 'webhook delivery failed to record; its lease will expire and it is sent again');
      }).finally(() => {
        this.inFlight.delete(send);
        this.slotFreed?.();
      });
      this.inFlight.add(send);
      return send;
    });
  }

  /**
   * Claims up to `limit` due deliveries in one statement: Pending, due, not
   * leased, endpoint Enabled and below its per-endpoint bound; SKIP LOCKED so
   * workers never wait on each other. Leasing and counting the attempt happen
   * in the same statement, so a crash after it is covered by the lease.
   */
  private async claim(limit: number): Promise<ClaimedRow[]> {
    const { rows } = await sql<ClaimedRow>`
      WITH busy AS (
        SELECT endpoint_id, count(*)::int AS leased FROM webhook_deliveries
        WHERE status = 'Pending' AND locked_until IS NOT NULL AND locked_until >= now() GROUP BY endpoint_id),
      due AS (
        SELECT d.id, d.endpoint_id, d.next_attempt_at, coalesce(b.leased, 0) AS leased
        FROM webhook_deliveries d
        JOIN webhook_endpoints e ON e.id = d.endpoint_id
        LEFT JOIN busy b ON b.endpoint_id = d.endpoint_id
        WHERE d.status = 'Pending' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())
          AND e.status = 'Enabled' AND coalesce(b.leased, 0) < ${MAX_PER_ENDPOINT}
        ORDER BY d.next_attempt_at
        LIMIT ${limit * MAX_PER_ENDPOINT}
        FOR UPDATE OF d SKIP LOCKED),
      chosen AS (
        SELECT id FROM (
          SELECT id, next_attempt_at, leased, row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at, id) AS rank FROM due) r
        WHERE r.rank + r.leased <= ${MAX_PER_ENDPOINT}
        ORDER BY next_attempt_at LIMIT ${limit}),
      claimed AS (
        UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => ${this.lease_ms}::float8 / 1000), attempts = d.attempts + 1
        FROM chosen WHERE d.id = chosen.id
        RETURNING d.id, d.event_id, d.endpoint_id, d.customer_id, d.attempts)
      SELECT c.id AS delivery_id, c.attempts, c.customer_id AS event_customer_id,
             ev.id, ev.customer_id, ev.type, ev.card_id, ev.sequence, ev.subject, ev.created_at,
             e.id AS endpoint_id, e.url, e.secret_encrypted, e.secret_key_version,
             e.previous_secret_encrypted, e.previous_secret_key_version, e.previous_secret_expires_at
      FROM claimed c JOIN events ev ON ev.id = c.event_id JOIN webhook_endpoints e ON e.id = c.endpoint_id`.execute(this.parts.store.db);
    return rows;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const event = renderEvent(eventFromDb(row));
    const endpointId = row.endpoint_id as string;
    const secrets = await secretsInForce(this.parts.dataKeys, { ...row, id: endpointId });
    const body = JSON.stringify(event);
    const attemptedAt = new Date();
    const headers = webhookHeaders(secrets, event.eventId, Math.floor(attemptedAt.getTime() / 1000), body);
    const answer = await sendWebhook({
      url: row.url, headers, body, timeout_ms: this.parts.config.webhookTimeoutMs, policy: this.policy, signal: this.cut.signal,
    });
    const deliveryId = BigInt(row.delivery_id);
    if (answer.aborted) return releaseDelivery(this.parts.store, deliveryId);
    const recorded = await recordOutcome(this.parts.store, {
      deliveryId, customerId: row.event_customer_id, endpointId, attempt: Number(row.attempts), attemptedAt,
    }, answer, this.parts.config.webhookRetryScheduleS);
    this.parts.onOutcome?.(recorded.outcome);
    if (recorded.endpointDisabledReason) {
      this.parts.log.warn({ endpointId, reason: recorded.endpointDisabledReason }, 'webhook endpoint disabled');
    }
  }
}
