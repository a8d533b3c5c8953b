// The open-loop load generator (and its closed-loop mode): forks
// bench/open-loop-worker.ts as separate Node processes, gives each its share
// of the schedule, merges what they measured and judges whether the
// generator kept its schedule. See the worker for how requests are scheduled
// and why latency counts from the scheduled time (no coordinated omission).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Counts, WorkerConfig, WorkerResult } from '../open-loop-worker.ts';
import { startCpuWindow, type CpuGroups, type CpuUsage } from './cpu.ts';
import { Histogram, type HistogramSummary } from './histogram.ts';
import { onCleanup } from './procs.ts';

/** A run of the generator: a worker's configuration for all workers together, with the per-worker fields filled in by runGenerator. */
export interface GenSpec extends Omit<WorkerConfig, 'timeoutMs' | 'index' | 'workers' | 'startAtEpochMs'> {
  /** rate and connections are for all workers together; runGenerator splits them. Default timeout: see runGenerator. */
  timeoutMs?: number;
  /** Worker processes (default 1). */
  workers?: number;
  /** Other processes to account CPU to; the workers are added as "loadgen". */
  cpuGroups?: CpuGroups;
}

export interface SecondSummary { second: number; sent: number; done: number; late1ms: number; p99Ms: number; maxMs: number }

export interface GenResult {
  tool: string;
  mode: 'open' | 'closed';
  /** Open loop: the rate asked for. */
  targetRate?: number;
  /** Requests sent per second of the measured window (open: by scheduled time). */
  sentRate: number;
  /** Answers completed per second inside the measured window. */
  throughput: number;
  durationS: number;
  latency: HistogramSummary;
  /** Open loop: how late requests were written after their scheduled time. */
  sendLag?: HistogramSummary;
  measured: Counts;
  /** Warm-up included: for the books (every approval holds money, measured or not). */
  all: Counts;
  connectionsOpened: number;
  maxInFlight: number;
  waitedForConnection: number;
  perSecond: SecondSummary[];
  /** Set when the generator did not keep its schedule: the run is not valid. */
  behind?: string;
  /** The workers' nice value. */
  nice: string;
  /** Wall-clock start of the measured window (perSecond[0]), to line stalls up with logs. */
  measureStartEpochMs: number;
  firstBad?: string;
  firstOther?: string;
  cpu?: CpuUsage;
}

const WORKER = join(import.meta.dirname, '..', 'open-loop-worker.ts');

/**
 * A schedule is "kept" when at most 1 % of the measured requests went out
 * more than LAG_LIMIT_MS after their time and none more than MAX_LAG_MS.
 * Beyond that the generator (or the pool of connections) was the bottleneck
 * and the latency figures describe it, not the server.
 */
export const LAG_LIMIT_MS = 5;
export const MAX_LAG_MS = 100;

function mergeCounts(a: Counts, b: Counts): Counts {
  const reasons = { ...a.declineReasons };
  for (const [k, v] of Object.entries(b.declineReasons)) reasons[k] = (reasons[k] ?? 0) + v;
  const out = { ...a, declineReasons: reasons };
  for (const k of Object.keys(a) as (keyof Counts)[]) if (k !== 'declineReasons') (out[k] as number) = (a[k] as number) + (b[k] as number);
  return out;
}

export async function runGenerator(spec: GenSpec): Promise<GenResult> {
  const workers = Math.max(1, spec.workers ?? 1);
  const maxConnections = spec.maxConnections ?? 512;
  const startAtEpochMs = Date.now() + 1500; // time for the workers to start (tsx) and open their connections
  const share = (n: number, i: number) => Math.floor(n / workers) + (i < n % workers ? 1 : 0);
  const children: ChildProcess[] = [];
  const results = await (async () => {
    const running = Array.from({ length: workers }, (_, i) => {
      const cfg: WorkerConfig = {
        url: spec.url, kind: spec.kind, mode: spec.mode, rate: spec.rate !== undefined ? spec.rate / workers : undefined, arrival: spec.arrival ?? 'constant',
        connections: Math.max(1, share(spec.connections, i)), maxConnections: Math.max(1, share(maxConnections, i)),
        warmupS: spec.warmupS, durationS: spec.durationS, timeoutMs: spec.timeoutMs ?? 10_000, targets: spec.targets, headers: spec.headers,
        runTag: spec.runTag, amountMinor: spec.amountMinor, index: i, workers, startAtEpochMs, warmPath: spec.warmPath,
        nice: spec.nice ?? (spec.mode === 'open' ? -5 : 0),
      };
      // Its own process and its own flags: not the parent's (--cpu-prof, say).
      const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      children.push(child);
      let exited = false;
      child.once('exit', () => { exited = true; });
      onCleanup('load generator worker', () => { if (!exited) child.kill('SIGKILL'); }, () => { if (!exited) child.kill('SIGKILL'); });
      return new Promise<WorkerResult>((resolve, reject) => {
        const hardLimit = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('load generator worker did not finish in time')); },
          startAtEpochMs - Date.now() + (spec.warmupS + spec.durationS) * 1000 + (spec.timeoutMs ?? 10_000) + 30_000);
        child.once('message', (m: { ok: boolean; result?: WorkerResult; error?: string }) => {
          clearTimeout(hardLimit);
          if (m.ok) resolve(m.result!);
          else reject(new Error(`load generator worker failed: ${m.error}`));
        });
        child.once('exit', (code) => { clearTimeout(hardLimit); reject(new Error(`load generator worker exited with ${code} before reporting`)); });
        child.once('error', reject);
        child.send(cfg);
      });
    });
    // CPU sampled inside the measured window (1 s in, 1 s before its end), like the wrk runs.
    let cpu: CpuUsage | undefined;
    const sampler = (async () => {
      if (spec.durationS < 4) return;
      await sleep(startAtEpochMs - Date.now() + spec.warmupS * 1000 + 1000);
      const w = startCpuWindow({ loadgen: children.map((c) => c.pid!), ...spec.cpuGroups });
      await sleep((spec.durationS - 2) * 1000);
      cpu = w.end();
    })();
    const r = await Promise.all(running);
    await sampler;
    return { r, cpu };
  })();

  const rs = results.r;
  const latency = rs.reduce((h, r) => h.add(Histogram.from(r.latency)), new Histogram());
  const lag = rs.reduce((h, r) => h.add(Histogram.from(r.sendLag)), new Histogram());
  const measured = rs.map((r) => r.measured).reduce(mergeCounts);
  const all = rs.map((r) => r.all).reduce(mergeCounts);
  const perSecond = Array.from({ length: spec.durationS }, (_, s) => {
    const h = new Histogram();
    let sent = 0, done = 0, late1ms = 0;
    for (const r of rs) {
      const x = r.perSecond[s];
      if (!x) continue;
      sent += x.sent;
      done += x.done;
      late1ms += x.late1ms;
      h.add(Histogram.from(x.latency));
    }
    return { second: s, sent, done, late1ms, p99Ms: h.quantileMs(0.99), maxMs: h.count ? h.maxUs / 1000 : NaN };
  });
  const waitedForConnection = rs.reduce((a, r) => a + r.waitedForConnection, 0);
  let behind: string | undefined;
  if (spec.mode === 'open' && lag.count) {
    const p99 = lag.quantileMs(0.99);
    const max = lag.maxUs / 1000;
    if (p99 > LAG_LIMIT_MS || max > MAX_LAG_MS) {
      behind = `the generator fell behind its schedule: send lag p99 ${p99.toFixed(1)} ms (limit ${LAG_LIMIT_MS}), max ${max.toFixed(1)} ms (limit ${MAX_LAG_MS})` +
        (waitedForConnection ? `; ${waitedForConnection} requests waited for one of the ${maxConnections} connections (the server could not keep up)` : '');
    }
  }
  if (measured.scheduled === 0) behind = 'nothing was scheduled in the measured window';
  return {
    tool: `bench/open-loop-worker.ts (${workers} process${workers > 1 ? 'es' : ''}, nice ${rs[0]!.nice})`,
    mode: spec.mode, targetRate: spec.rate,
    sentRate: measured.sent / spec.durationS,
    throughput: rs.reduce((a, r) => a + r.completedInWindow, 0) / spec.durationS,
    durationS: spec.durationS,
    latency: latency.summary(), sendLag: spec.mode === 'open' ? lag.summary() : undefined,
    measured, all,
    connectionsOpened: rs.reduce((a, r) => a + r.connectionsOpened, 0),
    maxInFlight: rs.reduce((a, r) => a + r.maxInFlight, 0),
    waitedForConnection, perSecond, behind, nice: rs[0]!.nice, measureStartEpochMs: startAtEpochMs + spec.warmupS * 1000,
    firstBad: rs.find((r) => r.firstBad)?.firstBad, firstOther: rs.find((r) => r.firstOther)?.firstOther,
    cpu: results.cpu,
  };
}

/** One line of the per-second timeline: the seconds whose p99 stands out show stalls. */
export function formatTimeline(r: GenResult): string {
  return r.perSecond.map((s) => `${s.second}s:${s.done}/${Number.isFinite(s.p99Ms) ? s.p99Ms.toFixed(1) : '–'}/${Number.isFinite(s.maxMs) ? s.maxMs.toFixed(0) : '–'}`).join(' ');
}
