// The database baseline: pgbench's built-in TPC-B-like script (5 statements,
// one commit per transaction) on the same durable cluster. It is roughly what
// a minimal "move money between accounts" service could reach here, so the
// Cardepass top-up rate is compared against it at the same client count.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchCluster } from './cluster.ts';
import { childrenNamed, startCpuWindow, type CpuGroups, type CpuUsage } from './cpu.ts';
import { run } from './procs.ts';

export interface PgbenchResult {
  clients: number;
  threads: number;
  durationS: number;
  transactions: number;
  failed: number;
  tps: number;
  avgMs: number;
  p50Ms: number | null;
  p99Ms: number | null;
  p999Ms: number | null;
  cpu?: CpuUsage;
}

const connArgs = (c: BenchCluster) => ['-h', c.host, '-p', String(c.port), '-U', 'postgres'];

export async function pgbenchInit(c: BenchCluster, db: string, scale: number): Promise<void> {
  // -q: progress every 5 s instead of every 100k rows. Timeout is generous: the load is fsync-bound.
  await run('pgbench', ['-i', '-q', '-s', String(scale), ...connArgs(c), db], { timeoutMs: 600_000 });
}

/** Parses pgbench's summary; exported for a quick check against a saved output. */
export function parsePgbenchSummary(out: string): { transactions: number; failed: number; tps: number; avgMs: number } {
  const need = (re: RegExp, what: string) => {
    const m = re.exec(out);
    if (!m) throw new Error(`pgbench output has no ${what}:\n${out}`);
    return m;
  };
  const failed = /number of failed transactions: (\d+)/.exec(out); // PostgreSQL 15+
  return {
    transactions: Number(need(/number of transactions actually processed: (\d+)/, 'transaction count')[1]),
    failed: failed ? Number(failed[1]) : 0,
    tps: Number(need(/^tps = ([\d.]+)/m, 'tps')[1]),
    avgMs: Number(need(/^latency average = ([\d.]+) ms/m, 'latency average')[1]),
  };
}

/**
 * Percentiles from pgbench's per-transaction logs (-l): one line per
 * transaction, third field = latency in microseconds; one file per thread.
 */
function logPercentiles(dir: string): { p50Ms: number | null; p99Ms: number | null; p999Ms: number | null } {
  const lat: number[] = [];
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (line && Number.isFinite(us)) lat.push(us);
    }
  }
  if (!lat.length) return { p50Ms: null, p99Ms: null, p999Ms: null };
  lat.sort((a, b) => a - b);
  const at = (q: number) => lat[Math.min(lat.length - 1, Math.ceil(q * lat.length) - 1)]! / 1000;
  return { p50Ms: at(0.5), p99Ms: at(0.99), p999Ms: at(0.999) };
}

export async function pgbenchRun(c: BenchCluster, db: string, opts: { clients: number; threads: number; durationS: number; log: boolean; cpuGroups?: CpuGroups }): Promise<PgbenchResult> {
  const logDir = mkdtempSync(join(tmpdir(), 'cardepass-bench-pgbench-'));
  try {
    const args = ['-b', 'tpcb-like', '-c', String(opts.clients), '-j', String(opts.threads), '-T', String(opts.durationS), '-M', 'prepared',
      // -n: no vacuum before the run; the caller vacuums once after init, so runs start alike.
      '-n', ...connArgs(c)];
    if (opts.log) args.push('-l', `--log-prefix=${join(logDir, 'tx')}`);
    args.push(db);
    const running = run('pgbench', args, { timeoutMs: (opts.durationS + 60) * 1000 });
    // CPU sampled inside the run, like the wrk runs; pgbench is the load generator here.
    let cpu: CpuUsage | undefined;
    if (opts.cpuGroups && opts.durationS >= 4) {
      await sleep(1000);
      const pids = childrenNamed(process.pid, 'pgbench');
      const w = startCpuWindow({ loadgen: pids, ...opts.cpuGroups });
      await sleep((opts.durationS - 2) * 1000);
      cpu = w.end();
    }
    const r = await running;
    const s = parsePgbenchSummary(r.stdout + r.stderr);
    const pct = opts.log ? logPercentiles(logDir) : { p50Ms: null, p99Ms: null, p999Ms: null };
    return { clients: opts.clients, threads: opts.threads, durationS: opts.durationS, ...s, ...pct, cpu };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

export async function pgbenchVersion(): Promise<string> {
  const r = await run('pgbench', ['--version'], { timeoutMs: 5000, allowFail: true });
  return r.stdout.trim();
}
