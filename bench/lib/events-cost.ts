// The events section: what writing events (the outbox of migration
// 005_events) costs the top-up benchmark, measured in one run. The spread
// top-up scenario (100 cards of 10 customers, topup.lua, the same warm-up,
// window and connection counts as the top-up section) runs in turns:
//   on      — as shipped: the event triggers write one order.completed event
//             per top-up (stream counter upsert, event row, fan-out query);
//   off     — the six event triggers disabled (ALTER TABLE … DISABLE TRIGGER,
//             in the bench's own database only; enabled again afterwards);
//   fan-out — as shipped plus one enabled webhook endpoint per customer, so
//             every event also inserts a Pending delivery.
// The turns interleave (on, off, fan-out, on, off, fan-out …) at each
// connection count, so that drift of the machine (other work, autovacuum,
// a growing database) falls on every variant alike.
import type { Server } from './cardepass.ts';
import type { BenchCluster } from './cluster.ts';
import type { CpuGroups } from './cpu.ts';
import { cardBalances, topupBooks, topupChecks } from './books.ts';
import {
  createEndpoints, deliveryCounts, eventTotal, runEvents, setEndpoints, setEventTriggers, startReceiver, triggersOff, type RunEvents,
} from './event-outbox.ts';
import { waitFor } from './procs.ts';
import type { Check, EventsCostRow, Ratio, Row } from './report.ts';
import type { SpreadTarget } from './spread.ts';
import type { LoadResult, LoadSpec } from './wrk.ts';

export interface EventsCostDeps {
  pg: BenchCluster;
  server: Server;
  /** The spread scenario's token/card pairs (bench/lib/spread.ts). */
  targets: SpreadTarget[];
  connections: number[];
  /** Turns of each variant per connection count. */
  repetitions: number;
  /** Include the fan-out variant. */
  fanout: boolean;
  runId: string;
  cpuGroups: CpuGroups;
  /** run.ts's measure(): settle, wait for quiet, warm-up (into `warmups`), settle, measured window. */
  measure(spec: Omit<LoadSpec, 'durationS' | 'threads'>, settle: () => Promise<unknown>): Promise<LoadResult>;
  /** Lets every top-up still Processing finish. */
  settle(): Promise<unknown>;
  /** run.ts's httpRow(): adds the row to the report and logs it. */
  row(scenario: string, concurrency: number, r: LoadResult, note?: string): Row;
  warmups: LoadResult[];
  log(s: string): void;
}

export interface EventsCostResult { summary: EventsCostRow[]; ratios: Ratio[]; checks: Check[]; diagnostics: string[] }

interface Variant { key: 'on' | 'off' | 'fanout'; label: string; triggers: boolean; endpoints: boolean }
const VARIANTS: Variant[] = [
  { key: 'on', label: 'events on (as shipped)', triggers: true, endpoints: false },
  { key: 'off', label: 'events off (triggers disabled)', triggers: false, endpoints: false },
  { key: 'fanout', label: 'events on + 1 webhook endpoint per customer', triggers: true, endpoints: true },
];

interface Turn { variant: Variant; connections: number; rep: number; result: LoadResult; row: Row; events: RunEvents; newEvents: number }

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** CPU milliseconds one top-up cost a process group: (% of a core / 100) cores ÷ top-ups per second. */
const cpuMsPer = (r: LoadResult, group: string) => (r.cpu && r.rps > 0 && group in r.cpu.groups ? (r.cpu.groups[group]! / 100 / r.rps) * 1000 : NaN);

export async function runEventsCost(d: EventsCostDeps): Promise<EventsCostResult> {
  const { pg } = d;
  const variants = VARIANTS.filter((v) => d.fanout || v.key !== 'fanout');
  const customers = [...new Set(d.targets.map((t) => t.customerId))];
  const checks: Check[] = [];
  const diagnostics: string[] = [];
  const label = `Cardepass POST standard/topup (1.00), ${d.targets.length} cards of ${customers.length} customers`;

  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  if (d.fanout) {
    receiver = await startReceiver();
    const how = await createEndpoints(pg, d.server, d.targets, receiver.url);
    await setEndpoints(pg, customers, false);
    diagnostics.push(`events section, fan-out variant: ${customers.length} endpoints (${receiver.url}, every event type) created ` +
      (how === 'api' ? 'with POST /openapi/v1/webhooks/endpoints' : 'with SQL (the endpoints route answered 404): their deliveries are queued, never sent'));
  }
  // After a fan-out turn the delivery worker (if the server has one) is still
  // sending what the window queued faster than it sends: let it finish, so it
  // does not load the next turn, and note how long that took (how far delivery
  // falls behind top-ups). No progress for 6 s means nobody is sending (no
  // worker): the Pending ones stay queued.
  const settleDeliveries = async (what: string) => {
    const t0 = Date.now();
    const first = (await deliveryCounts(pg, customers)).Pending ?? 0;
    let last = first;
    let still = 0;
    await waitFor('webhook deliveries to be sent', 240_000, async () => {
      await new Promise((r) => setTimeout(r, 800));
      const pending = (await deliveryCounts(pg, customers)).Pending ?? 0;
      still = pending === last ? still + 1 : 0;
      last = pending;
      return pending === 0 || still >= 6 ? true : undefined;
    }).catch(() => undefined);
    const s = (Date.now() - t0) / 1000;
    const line = `${what}: ${first} deliveries Pending once the top-ups had finished; ${last ? `${last} still Pending (no progress or 240 s)` : 'all sent'} after ${s.toFixed(0)} s` +
      (first && !last ? ` (${(first / s).toFixed(0)}/s)` : '');
    d.log(`events: ${line}`);
    diagnostics.push(`events section, ${line}`);
  };

  const cards = d.targets.map((t) => t.cardId);
  const before = await cardBalances(pg, cards);
  const warmupsBefore = d.warmups.length;
  const turns: Turn[] = [];
  const url = `${d.server.base}/openapi/v1/orders/standard/topup`;
  try {
    for (const c of d.connections) {
      for (let rep = 1; rep <= d.repetitions; rep++) {
        for (const v of variants) {
          // Every order of the previous turn finishes under that turn's triggers before they change.
          await d.settle();
          await setEventTriggers(pg, v.triggers);
          if (d.fanout) await setEndpoints(pg, customers, v.endpoints);
          const wrong = await triggersOff(pg, v.triggers);
          if (wrong.length) throw new Error(`event triggers not ${v.triggers ? 'enabled' : 'disabled'}: ${wrong.join(', ')}`);
          const eventsBefore = await eventTotal(pg);
          const tag = `e${v.key}${rep}${d.runId}c${c}`;
          d.log(`events cost: ${v.label}, ${c} connections, turn ${rep} of ${d.repetitions}`);
          const result = await d.measure({ kind: 'topup', targets: d.targets, url, connections: c, runTag: tag, cpuGroups: d.cpuGroups }, d.settle);
          await d.settle();
          const events = await runEvents(pg, tag);
          const newEvents = (await eventTotal(pg)) - eventsBefore;
          const notCompleted = result.ok - result.completed;
          const row = d.row(`${label}, ${v.label}, turn ${rep}`, c, result,
            `${events.orderEvents} order.completed events for ${events.completed} Completed top-ups (warm-up included), ${newEvents} events written in all` +
            (v.endpoints ? `, ${events.deliveries} deliveries queued` : '') + (notCompleted ? `; ${notCompleted} 2xx answers were not Completed` : ''));
          turns.push({ variant: v, connections: c, rep, result, row, events, newEvents });
          // Before the endpoints are disabled: the worker fails what is still queued for a disabled endpoint.
          if (v.endpoints) await settleDeliveries(`fan-out turn ${rep} @${c}`);
        }
      }
    }
  } finally {
    // Leave the database as shipped, whatever happened.
    await setEventTriggers(pg, true);
    if (d.fanout) await setEndpoints(pg, customers, false);
  }

  // --- checks: the books, and exactly one event per completed top-up (none with the triggers off) ---
  const runs = [...turns.map((t) => t.result), ...d.warmups.slice(warmupsBefore)];
  checks.push(...topupChecks('events section', runs, await topupBooks(pg, before)));
  for (const v of variants) {
    const ts = turns.filter((t) => t.variant === v);
    const completed = ts.reduce((a, t) => a + t.events.completed, 0);
    const orderEvents = ts.reduce((a, t) => a + t.events.orderEvents, 0);
    const written = ts.reduce((a, t) => a + t.newEvents, 0);
    const deliveries = ts.reduce((a, t) => a + t.events.deliveries, 0);
    const perTurn = ts.map((t) => `${t.events.orderEvents}/${t.events.completed}`).join(', ');
    if (!v.triggers) {
      checks.push({ name: `events section, ${v.key}: no event written`, ok: completed > 0 && orderEvents === 0 && written === 0,
        detail: `${completed} top-ups Completed, ${orderEvents} order.completed events for them, ${written} events written in all during these turns` });
      continue;
    }
    checks.push({ name: `events section, ${v.key}: one order.completed event per completed top-up, nothing else`,
      ok: completed > 0 && ts.every((t) => t.events.orderEvents === t.events.completed && t.newEvents === t.events.completed),
      detail: `${orderEvents} events for ${completed} Completed top-ups (per turn ${perTurn}); ${written} events written in all` });
    if (v.endpoints) {
      checks.push({ name: `events section, ${v.key}: one delivery per event`, ok: deliveries === orderEvents,
        detail: `${deliveries} deliveries queued for ${orderEvents} events (1 enabled endpoint per customer)` });
    }
  }
  if (d.fanout) {
    const counts = await deliveryCounts(pg, customers);
    diagnostics.push(`events section, fan-out deliveries at the end: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; ` +
      `the bench's receiver got ${receiver!.received()} requests`);
  }

  // --- summary and ratios, per connection count: means over the turns ---
  const summary: EventsCostRow[] = [];
  const ratios: Ratio[] = [];
  for (const c of d.connections) {
    const of = (v: Variant) => turns.filter((t) => t.variant === v && t.connections === c).map((t) => t.result);
    const off = of(VARIANTS[1]!);
    const offRate = mean(off.map((r) => r.rps));
    for (const v of variants) {
      const rs = of(v);
      const rate = mean(rs.map((r) => r.rps));
      summary.push({
        connections: c, variant: v.label, rates: rs.map((r) => r.rps), meanRate: rate,
        p50Ms: mean(rs.map((r) => r.p50Ms)), p99Ms: mean(rs.map((r) => r.p99Ms)),
        serverCpuMsPerTopup: mean(rs.map((r) => cpuMsPer(r, 'server'))), postgresCpuMsPerTopup: mean(rs.map((r) => cpuMsPer(r, 'postgres'))),
        vsOff: v.key === 'off' ? null : rate / offRate,
      });
      if (v.key === 'off') continue;
      const each = (rs2: LoadResult[]) => rs2.map((r) => r.rps.toFixed(0)).join(' & ');
      ratios.push({ name: `top-ups/s, ${v.key === 'on' ? 'events on' : 'events + fan-out'} ÷ events off, ${c} connections`, value: rate / offRate, goal: null, met: false,
        detail: `${each(rs)} ÷ ${each(off)}; p50 ${mean(rs.map((r) => r.p50Ms)).toFixed(2)} vs ${mean(off.map((r) => r.p50Ms)).toFixed(2)} ms, ` +
          `p99 ${mean(rs.map((r) => r.p99Ms)).toFixed(2)} vs ${mean(off.map((r) => r.p99Ms)).toFixed(2)} ms` });
    }
  }
  return { summary, ratios, checks, diagnostics };
}
