// The soak section (`npm run bench -- --only soak`): five minutes of mixed load at once —
// card reads, top-ups and authorizations, each its own wrk at a few connections — while the
// server's resident memory is sampled every 5 s. It asks two things of a long run: memory stays
// flat (no leak, no cache without a bound) and under the issue's 300 MiB, and the books still
// balance after hundreds of thousands of requests.
import { authBooks, authChecks, addSeen, noneSeen } from './auth.ts';
import { cardBalances, settleTopups, topupBooks, topupChecks } from './books.ts';
import type { BenchCluster } from './cluster.ts';
import { rssMb, type CpuGroups } from './cpu.ts';
import type { Check } from './report.ts';
import { serverGauges } from './server-metrics.ts';
import type { SpreadTarget } from './spread.ts';
import type { LoadResult, LoadSpec } from './wrk.ts';

export interface SoakOptions {
  pg: BenchCluster;
  base: string;
  /** Standard cards: read and topped up. */
  standard: SpreadTarget[];
  /** ShareBalance cards: authorized. */
  shareBalance: SpreadTarget[];
  durationS: number;
  connectionsEach: number;
  threads: number;
  runId: string;
  authAmountMinor: [number, number];
  serverPids: () => number[];
  cpuGroups: CpuGroups;
  load: (spec: LoadSpec) => Promise<LoadResult>;
  log: (line: string) => void;
}

export interface SoakResult {
  runs: Array<{ label: string; result: LoadResult }>;
  rssSamples: Array<{ atS: number; mb: number; heapMb: number | null }>;
  checks: Check[];
  summary: string;
}

const RSS_EVERY_MS = 5000;
// The first minute is warm-up for memory: V8 grows its heap, pools open, caches fill.
const SETTLE_S = 60;
const FLAT_WITHIN = 0.1;
const MAX_RSS_MB = 300;

/** The server's V8 heap in use, from its /metrics: tells a growing heap from other memory. */
async function heapUsedMb(base: string): Promise<number | null> {
  const used = (await serverGauges(base, ['nodejs_heap_size_used_bytes'])).nodejs_heap_size_used_bytes;
  return used === null ? null : Math.round(used / 2 ** 20);
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const before = await cardBalances(o.pg, o.standard.map((t) => t.cardId));
  const started = Date.now();
  const rssSamples: SoakResult['rssSamples'] = [];
  const sample = async () => {
    const atS = Math.round((Date.now() - started) / 1000);
    const mb = Math.round(rssMb(o.serverPids()));
    rssSamples.push({ atS, mb, heapMb: await heapUsedMb(o.base) });
  };
  await sample();
  const sampler = setInterval(() => void sample(), RSS_EVERY_MS);
  const common = { connections: o.connectionsEach, threads: o.threads, durationS: o.durationS, cpuGroups: o.cpuGroups };
  o.log(`soak: reads, top-ups and authorizations at ${o.connectionsEach} connections each for ${o.durationS} s`);
  const [reads, topups, auths] = await Promise.all([
    o.load({ ...common, url: `${o.base}/openapi/v1/cards`, kind: 'read', targets: o.standard }),
    o.load({ ...common, url: `${o.base}/openapi/v1/orders/standard/topup`, kind: 'topup', targets: o.standard, runTag: `k${o.runId}t` }),
    o.load({ ...common, url: `${o.base}/openapi/v1/simulate/authorize`, kind: 'authorize', targets: o.shareBalance, runTag: `k${o.runId}a`, amountMinor: o.authAmountMinor }),
  ]).finally(() => clearInterval(sampler));
  await sample();

  const cards = o.standard.map((t) => t.cardId);
  await settleTopups(o.pg, cards, 'soak top-ups to settle', 90_000, o.log);
  const checks: Check[] = [...topupChecks('soak top-ups', [topups], await topupBooks(o.pg, before))];
  const seen = addSeen(noneSeen(), { ...auths.auth, ok: auths.ok, non2xx: auths.non2xx, errors: auths.socketErrors, unanswered: Math.max(0, auths.sent - auths.ok - auths.non2xx) });
  checks.push(...authChecks('soak authorizations', seen,
    await authBooks(o.pg, [...new Set(o.shareBalance.map((t) => t.customerId))], o.shareBalance.map((t) => t.cardId)), o.authAmountMinor[1]));

  // Flat: after the first minute, every sample within ±10 % of the mean of that part of the run.
  const settled = rssSamples.filter((s) => s.atS >= SETTLE_S);
  const mean = settled.reduce((a, s) => a + s.mb, 0) / Math.max(1, settled.length);
  const low = Math.min(...settled.map((s) => s.mb));
  const high = Math.max(...settled.map((s) => s.mb));
  const peak = Math.max(...rssSamples.map((s) => s.mb));
  const firstMinute = settled.filter((s) => s.atS < SETTLE_S + 60).map((s) => s.mb);
  const lastMinute = settled.filter((s) => s.atS >= o.durationS - 60).map((s) => s.mb);
  const avg = (xs: number[]) => Math.round(xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length));
  checks.push({
    name: `soak: server RSS flat (±${FLAT_WITHIN * 100} %) after the first minute`,
    // A sample of 0 MiB is a server that is gone: never "flat".
    ok: settled.length > 0 && low > 0 && high <= mean * (1 + FLAT_WITHIN) && low >= mean * (1 - FLAT_WITHIN),
    detail: `${settled.length} samples every ${RSS_EVERY_MS / 1000} s from ${SETTLE_S} s: mean ${Math.round(mean)} MiB, ${low}–${high} MiB ` +
      `(${((low / mean - 1) * 100).toFixed(1)} % / +${((high / mean - 1) * 100).toFixed(1)} %); minute 2 ${avg(firstMinute)} MiB, last minute ${avg(lastMinute)} MiB`,
  });
  const gone = rssSamples.filter((s) => s.mb === 0).length;
  checks.push({ name: `soak: server peak RSS ≤ ${MAX_RSS_MB} MiB`, ok: peak <= MAX_RSS_MB && gone === 0,
    detail: `${peak} MiB${gone ? `; the server was gone at ${gone} of ${rssSamples.length} samples` : ''}` });

  const rate = (r: LoadResult) => `${r.rps.toFixed(0)}/s (p99 ${r.p99Ms.toFixed(1)} ms)`;
  const summary = `soak, ${o.durationS} s: reads ${rate(reads)}, top-ups ${rate(topups)}, authorizations ${rate(auths)}; ` +
    `server RSS ${rssSamples.map((s) => s.mb).join(' ')} MiB (every ${RSS_EVERY_MS / 1000} s); ` +
    `V8 heap used at the same moments ${rssSamples.map((s) => s.heapMb ?? '?').join(' ')} MiB`;
  return {
    runs: [
      { label: `Cardepass soak: GET /openapi/v1/cards/{id}, ${o.standard.length} cards`, result: reads },
      { label: `Cardepass soak: POST standard/topup (1.00), ${o.standard.length} cards`, result: topups },
      { label: `Cardepass soak: POST simulate/authorize, ${o.shareBalance.length} ShareBalance cards`, result: auths },
    ],
    rssSamples, checks, summary,
  };
}
