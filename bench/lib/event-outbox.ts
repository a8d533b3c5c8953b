// What the events section (lib/events-cost.ts) does to and reads from the
// server's database: switching the event triggers of migration 005_events off
// and on (only in the bench's own throwaway database), counting the events
// and deliveries one run's top-ups wrote, and webhook endpoints for the
// fan-out variant, with a local receiver in case a delivery worker sends them.
import { createServer, type Server as HttpServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Server } from './cardepass.ts';
import type { BenchCluster } from './cluster.ts';
import { onCleanup } from './procs.ts';
import type { SpreadTarget } from './spread.ts';

const DB = 'cardepass';

/** Every trigger of migration 005_events that writes an event, by table. */
export const EVENT_TRIGGERS: Record<string, string[]> = {
  orders: ['orders_event'],
  cards: ['cards_created_event', 'cards_updated_event'],
  card_transactions: ['card_transactions_created_event', 'card_transactions_updated_event'],
  journal_entries: ['journal_entries_deposit_event'],
};
const ALL_TRIGGERS = Object.values(EVENT_TRIGGERS).flat();

/** Ids and run tags go into SQL text: allow only what the server and the bench generate. */
function safe(values: string[]): string {
  if (!values.length) throw new Error('empty id list');
  for (const v of values) if (!/^[A-Za-z0-9_]+$/.test(v)) throw new Error(`unexpected id ${v}`);
  return values.map((v) => `'${v}'`).join(',');
}

/**
 * ALTER TABLE … ENABLE/DISABLE TRIGGER for all six, in one transaction. Call
 * it with no request in flight: it takes an exclusive lock on each table.
 */
export async function setEventTriggers(pg: BenchCluster, enabled: boolean): Promise<void> {
  const verb = enabled ? 'ENABLE' : 'DISABLE';
  const alters = Object.entries(EVENT_TRIGGERS).map(([table, names]) => `ALTER TABLE ${table} ${names.map((n) => `${verb} TRIGGER ${n}`).join(', ')}`);
  await pg.sql(DB, `SET lock_timeout = '30s'; BEGIN; ${alters.join('; ')}; COMMIT`);
}

/** Triggers whose state is not the wanted one ('O' = enabled, 'D' = disabled in pg_trigger), or missing. */
export async function triggersOff(pg: BenchCluster, enabled: boolean): Promise<string[]> {
  const out = await pg.sql(DB, `SELECT tgname || '=' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal AND tgname IN (${safe(ALL_TRIGGERS)})`);
  const state = new Map(out.split('\n').filter(Boolean).map((l) => [l.split('=')[0]!, l.split('=')[1]!] as const));
  return ALL_TRIGGERS.filter((t) => state.get(t) !== (enabled ? 'O' : 'D')).map((t) => `${t}=${state.get(t) ?? 'missing'}`);
}

/** All events in the database (nothing prunes them during a run: retention is 30 days). */
export async function eventTotal(pg: BenchCluster): Promise<number> {
  return Number(await pg.sql(DB, 'SELECT count(*) FROM events'));
}

export interface RunEvents {
  /** Completed top-up orders of the run (its warm-up included). */
  completed: number;
  /** order.completed events about those orders. */
  orderEvents: number;
  /** Deliveries queued for those events. */
  deliveries: number;
}

/**
 * One run's orders are those whose customerOrderNo topup.lua made from its
 * run tag: "<tag>-<thread>-<n>", and "<tag>w-…" for its warm-up.
 */
export async function runEvents(pg: BenchCluster, tag: string): Promise<RunEvents> {
  safe([tag]);
  const out = await pg.sql(DB, `
    WITH o AS (SELECT order_no FROM orders WHERE order_type = 'CardTopUp' AND status = 'Completed'
                 AND (customer_order_no LIKE '${tag}-%' OR customer_order_no LIKE '${tag}w-%')),
    e AS (SELECT id FROM events WHERE type = 'order.completed' AND subject ->> 'order_no' IN (SELECT order_no FROM o))
    SELECT (SELECT count(*) FROM o) || '|' || (SELECT count(*) FROM e) || '|' || (SELECT count(*) FROM webhook_deliveries WHERE event_id IN (SELECT id FROM e))`);
  const [completed, orderEvents, deliveries] = out.split('|').map(Number);
  return { completed: completed!, orderEvents: orderEvents!, deliveries: deliveries! };
}

/** A receiver on 127.0.0.1 that answers every delivery 204 at once and counts them. */
export async function startReceiver(): Promise<{ url: string; received(): number }> {
  let received = 0;
  const http: HttpServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => { received++; res.writeHead(204).end(); });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  onCleanup('webhook receiver', () => new Promise<void>((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }));
  const port = (http.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/hook`, received: () => received };
}

/**
 * One endpoint per customer, subscribed to every event type, through the API
 * (POST /openapi/v1/webhooks/endpoints) as an integrator would. While that
 * route does not exist yet (404), the row is written with SQL instead, with a
 * secret nothing can decrypt: deliveries are then queued and never sent.
 */
export async function createEndpoints(pg: BenchCluster, server: Server, targets: SpreadTarget[], url: string): Promise<'api' | 'sql'> {
  const byCustomer = new Map(targets.map((t) => [t.customerId, t.token]));
  let how: 'api' | 'sql' = 'api';
  for (const [customerId, token] of byCustomer) {
    if (how === 'api') {
      const res = await fetch(`${server.base}/openapi/v1/webhooks/endpoints`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url, description: 'bench: events cost, fan-out variant' }), signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (res.ok) continue;
      if (res.status !== 404) throw new Error(`POST /openapi/v1/webhooks/endpoints: ${res.status} ${text.slice(0, 300)}`);
      how = 'sql';
    }
    safe([customerId]);
    await pg.sql(DB, `INSERT INTO webhook_endpoints (id, customer_id, url, status, secret_encrypted, secret_key_version, description)
      VALUES ('we_${randomBytes(12).toString('hex')}', '${customerId}', '${url.replace(/'/g, "''")}', 'Enabled', 'bench-no-secret', 0, 'bench: events cost')`);
  }
  return how;
}

/** Enables or disables these customers' (not deleted) endpoints; the fan-out reads the status in the trigger. */
export async function setEndpoints(pg: BenchCluster, customerIds: string[], enabled: boolean): Promise<void> {
  await pg.sql(DB, `UPDATE webhook_endpoints SET status = '${enabled ? 'Enabled' : 'Disabled'}', modified_at = now()
    WHERE customer_id IN (${safe(customerIds)}) AND status <> 'Deleted'`);
}

/** Deliveries of these customers by status, e.g. { Pending: 120, Delivered: 3000 }. */
export async function deliveryCounts(pg: BenchCluster, customerIds: string[]): Promise<Record<string, number>> {
  const out = await pg.sql(DB, `SELECT status || '=' || count(*) FROM webhook_deliveries WHERE customer_id IN (${safe(customerIds)}) GROUP BY status`);
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => [l.split('=')[0]!, Number(l.split('=')[1])]));
}
