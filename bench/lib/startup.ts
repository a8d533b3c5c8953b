// The start-up section: how long from spawn until the process answers, for
// the COMPILED `cardepass serve` (what `npm start` and production run) and,
// in the same run, the bare Fastify hello-world as the baseline. Cardepass
// counts as up at its first `/readyz` 200 (database reachable, migrations
// current), the hello-world at its first `GET /` 200. Every process is
// stopped with SIGTERM (a clean shutdown) before the next one starts, so an
// embedded store is closed properly and nothing overlaps a measurement.
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForQuiet } from './cpu.ts';
import { freePort, logTail, startProcess, type Managed } from './procs.ts';
import type { Check, Ratio, StartupRow } from './report.ts';

export interface StartupSpec {
  repo: string;
  work: string;
  /** A PostgreSQL database for the platform (the bench's durable cluster); migrated by this section's first start. */
  databaseUrl: string;
  repetitions: number;
  log: (line: string) => void;
  /** Before each scenario, wait up to maxWaitS for other processes to use < thresholdPct of a core. */
  quiet: { maxWaitS: number; thresholdPct: number };
}

export interface StartupResult { rows: StartupRow[]; ratios: Ratio[]; checks: Check[]; warnings: string[] }

// Polling this often adds at most ~5 ms to a figure of hundreds; a refused connection costs well under 1 ms.
const POLL_MS = 5;
const START_DEADLINE_MS = 60_000;
// The goal: the platform up in at most this many times the hello-world's start-up.
const GOAL_RATIO = 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * CPU time the process has used so far (user + system, from /proc), in ms: what the start-up cost
 * the machine, which unlike the wall time does not grow when other processes share the cores.
 */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Start { ms: number; cpu_ms: number; proc: Managed }

/** Spawns, polls url until a 200, returns the elapsed ms, the CPU used and the running process (the caller stops it). */
async function timeToFirst200(name: string, args: string[], url: string, env: NodeJS.ProcessEnv, spec: StartupSpec): Promise<Start> {
  const started = performance.now();
  const proc = startProcess(name, process.execPath, args, { env, cwd: spec.repo, logFile: join(spec.work, `${name}.log`) });
  while (performance.now() - started < START_DEADLINE_MS) {
    // e.g. `the build is older than the sources … run npm run build`
    if (proc.exited()) throw new Error(`${name} exited before answering: ${logTail(proc.logFile, 5)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) return { ms: performance.now() - started, cpu_ms: cpuMsOf(proc.child.pid!), proc };
    } catch {
      // not listening yet
    }
    await sleep(POLL_MS);
  }
  await proc.stop();
  throw new Error(`${name} did not answer ${url} with 200 within ${START_DEADLINE_MS} ms; see ${proc.logFile}`);
}

/** The platform's environment: ours without CARDEPASS_* (reproducible), quiet logs. */
function platformEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CARDEPASS_') && k !== 'DATABASE_URL'));
  return { ...env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra };
}

export async function runStartup(spec: StartupSpec): Promise<StartupResult> {
  const cli = join(spec.repo, 'packages/cli/bin/cardepass.mjs');
  const rows: StartupRow[] = [];
  const warnings: string[] = [];
  const measure = async (scenario: string, once: (rep: number) => Promise<Start>) => {
    const other = await waitForQuiet({}, { ...spec.quiet, log: spec.log });
    if (other > spec.quiet.thresholdPct) warnings.push(`start-up, ${scenario}: other processes used ${other.toFixed(0)}% of a core just before — figures overstated`);
    const samples_ms: number[] = [];
    const cpu_ms: number[] = [];
    for (let rep = 0; rep < spec.repetitions; rep++) {
      const start = await once(rep);
      samples_ms.push(start.ms);
      cpu_ms.push(start.cpu_ms);
    }
    const row: StartupRow = { scenario, samples_ms, median_ms: median(samples_ms), max_ms: Math.max(...samples_ms), cpu_median_ms: median(cpu_ms), ratio: null };
    rows.push(row);
    spec.log(`start-up, ${scenario}: median ${row.median_ms.toFixed(0)} ms, max ${row.max_ms.toFixed(0)} ms ` +
      `(${samples_ms.map((x) => x.toFixed(0)).join(', ')}); CPU median ${row.cpu_median_ms} ms`);
    return row;
  };
  const run = async (name: string, args: string[], url: string, env: NodeJS.ProcessEnv): Promise<Start> => {
    const start = await timeToFirst200(name, args, url, env, spec);
    await start.proc.stop();
    return start;
  };

  // The baseline first, then each Cardepass store; each process on a fresh port.
  const hello = await measure('Fastify hello-world (bench/hello-world.mjs), spawn → first GET / 200', async () => {
    const port = await freePort();
    return run('startup-hello', [join(import.meta.dirname, '..', 'hello-world.mjs')], `http://127.0.0.1:${port}/`, { ...process.env, PORT: String(port) });
  });
  const cardepass = (env: Record<string, string>) => async () => {
    const port = await freePort();
    return run('startup-cardepass', [cli, 'serve'], `http://127.0.0.1:${port}/readyz`, platformEnv({ ...env, PORT: String(port) }));
  };
  // First start: an empty data directory each time — creates the PGlite database, migrates, seeds the demo data.
  await measure('cardepass serve, embedded PGlite, first start (empty data dir: create, migrate, seed)', (rep) =>
    cardepass({ CARDEPASS_DATA_DIR: mkdtempSync(join(spec.work, `startup-first-${rep}-`)) })());
  // Warm start: the data directory a previous start initialised (that start is not counted).
  const warmDir = mkdtempSync(join(spec.work, 'startup-warm-'));
  await cardepass({ CARDEPASS_DATA_DIR: warmDir })();
  await measure('cardepass serve, embedded PGlite, warm start (initialised data dir)', () => cardepass({ CARDEPASS_DATA_DIR: warmDir })());
  // PostgreSQL: the database migrated and seeded by a previous start (not counted), as after a deploy's first start.
  const pgDir = mkdtempSync(join(spec.work, 'startup-pg-'));
  await cardepass({ CARDEPASS_DATA_DIR: pgDir, DATABASE_URL: spec.databaseUrl })();
  await measure('cardepass serve, PostgreSQL (durable cluster), warm start', () => cardepass({ CARDEPASS_DATA_DIR: pgDir, DATABASE_URL: spec.databaseUrl })());

  const ratios: Ratio[] = [];
  for (const row of rows.slice(1)) {
    row.ratio = row.median_ms / hello.median_ms;
    ratios.push({ name: `start-up ÷ hello-world, ${row.scenario.replace(/^cardepass serve, /, '')}`, value: row.ratio, goal: GOAL_RATIO, atMost: true,
      met: row.ratio <= GOAL_RATIO, detail: `median ${row.median_ms.toFixed(0)} ms ÷ ${hello.median_ms.toFixed(0)} ms; CPU ${row.cpu_median_ms} ms ÷ ${hello.cpu_median_ms} ms` });
  }
  const checks: Check[] = [{ name: 'start-up: every start answered 200', ok: rows.every((r) => r.samples_ms.length === spec.repetitions),
    detail: `${spec.repetitions} starts per scenario, ${rows.length} scenarios` }];
  return { rows, ratios, checks, warnings };
}
