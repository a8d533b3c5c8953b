import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../db/store.ts';
import type { OrderRow } from '../services/orders/model.ts';
import type { TransactionRow } from '../services/transactions/model.ts';
import { withTimeout } from './timeout.ts';
import { HttpRequestMetrics } from './http-metrics.ts';
// A scrape must not hang on a database that does not answer: the job gauges then read NaN.
const JOBS_QUERY_TIMEOUT_MS = 2000;

interface JobStats { depth: number; due: number; oldest_age_s: number }

// The process's CPU, memory, event-loop and GC metrics, registered once per process: prom-client's default
// collectors keep their registry alive for good (the GC observer is never disconnected), so a registry per
// app would keep every app ever built, its database included, in memory.
let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/**
 * The platform's Prometheus metrics, in a registry of its own (never the
 * global one: a process, or a test file, may build several apps). The request
 * path only adds numbers (see HttpRequestMetrics); what costs a query (the
 * jobs table) is read at scrape time.
 */
export class PlatformMetrics {
  /** What /metrics prints: the process's default metrics and this app's own. */
  readonly registry: Registry;
  private readonly ownRegistry = new Registry();
  private readonly http = new HttpRequestMetrics();
  private readonly orders: Counter<'type' | 'status'>;
  private readonly authorizations: Counter<'outcome' | 'reason'>;
  private readonly webhookAttempts: Counter<'outcome'>;
  private jobsScrape: Promise<JobStats | null> | null = null;

  constructor(private readonly store: Store, private readonly log: FastifyBaseLogger) {
    const registers = [this.ownRegistry];
    this.http.register(this.ownRegistry);
    this.orders = new Counter({
      name: 'cardepass_orders_finished_total', help: 'Orders that reached a final status, by order type and status (Completed or Failure)',
      labelNames: ['type', 'status'], registers,
    });
    this.authorizations = new Counter({
      name: 'cardepass_authorizations_total', help: 'Authorizations decided, by outcome (approved, declined) and decline reason (none when approved)',
      labelNames: ['outcome', 'reason'], registers,
    });
    this.webhookAttempts = new Counter({
      name: 'cardepass_webhook_attempts_total', help: 'Webhook delivery attempts by what they led to (delivered, retrying, failed)',
      labelNames: ['outcome'], registers,
    });
    const jobs = (name: string, help: string, pick: (s: JobStats) => number) => new Gauge({
      name, help, registers,
      // All three gauges are collected at once per scrape; they share one query.
      collect: async function (this: Gauge) { const stats = await metrics.jobStats(); this.set(stats ? pick(stats) : Number.NaN); },
    });
    const metrics = this;
    jobs('cardepass_jobs_queued', 'Jobs in the jobs table (orders waiting for or in execution)', (s) => s.depth);
    jobs('cardepass_jobs_due', 'Jobs whose run time has come (the worker should be taking them)', (s) => s.due);
    jobs('cardepass_jobs_oldest_age_seconds', 'Age of the oldest job in the table (0 when empty)', (s) => s.oldest_age_s);
    new Gauge({
      name: 'cardepass_db_pool_connections', help: 'Database connections of this process by state (PGlite: its one connection)',
      labelNames: ['state'], registers,
      collect: function (this: Gauge<'state'>) {
        const pool = store.poolStats();
        this.set({ state: 'in_use' }, pool.total - pool.idle);
        this.set({ state: 'idle' }, pool.idle);
      },
    });
    new Gauge({
      name: 'cardepass_db_pool_waiting', help: 'Queries waiting for a database connection',
      registers, collect: function (this: Gauge) { this.set(store.poolStats().waiting); },
    });
    // Merged once every metric of this app is registered: the merge copies the metrics, not the registries.
    this.registry = Registry.merge([processRegistry(), this.ownRegistry]);
  }

  /** One answered request; `route` is the route template (never the raw URL, which would make a series per card id). */
  observeRequest(route: string, method: string, status: number, duration_s: number): void {
    this.http.observe(route, method, status, duration_s);
  }

  orderFinished(order: OrderRow): void {
    this.orders.inc({ type: order.orderType, status: order.status });
  }

  authorizationDecided(transaction: TransactionRow): void {
    const approved = transaction.status !== 'Declined';
    this.authorizations.inc({ outcome: approved ? 'approved' : 'declined', reason: approved ? 'none' : transaction.declineReason ?? 'unknown' });
  }

  /** One webhook attempt recorded by this process's deliverer. */
  webhookAttempt(outcome: 'delivered' | 'retrying' | 'failed'): void {
    this.webhookAttempts.inc({ outcome });
  }

  private jobStats(): Promise<JobStats | null> {
    this.jobsScrape ??= withTimeout(this.store.query<JobStats>(`
      SELECT count(*)::int AS depth, (count(*) FILTER (WHERE run_at <= now()))::int AS due,
             COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_age_s
      FROM jobs`), JOBS_QUERY_TIMEOUT_MS)
      .then(({ rows }) => rows[0] ?? null, (error: unknown) => {
        this.log.warn({ err: error }, 'metrics: the jobs table could not be read');
        return null;
      })
      .finally(() => { this.jobsScrape = null; });
    return this.jobsScrape;
  }
}
