// HTTP load with wrk: finding or installing it, running one scenario, and
// parsing `wrk --latency` output plus the counts our Lua scripts print.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCpuWindow, type CpuGroups, type CpuUsage } from './cpu.ts';
import { commandExists, onCleanup, run } from './procs.ts';

export interface LoadSpec {
  url: string;
  connections: number;
  threads: number;
  durationS: number;
  headers?: Record<string, string>;
  /**
   * 'get' counts response classes; 'topup' tops up a card of `targets` picked
   * at random per request (one target: always that card), with that card's
   * customer token, building unique bodies and counting Completed orders;
   * 'authorize' (wrk only) authorizes a random amount on a card of `targets`
   * and counts approvals and declines (bench/wrk/authorize.lua).
   */
  kind: 'get' | 'read' | 'topup' | 'authorize';
  targets?: TopupTarget[];
  runTag?: string;
  /** 'authorize': amounts are random whole cents in [min, max]. */
  amountMinor?: [number, number];
  /** Other processes to account CPU to; the load generator is added as "loadgen". */
  cpuGroups?: CpuGroups;
}

/** One card to top up and the bearer token of the customer that owns it. */
export interface TopupTarget { token: string; cardId: string }

export interface LoadResult {
  tool: string;
  requests: number;
  durationS: number;
  rps: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  /** From the Lua scripts' BENCHLAT line (wrk's own histogram). */
  p999Ms?: number;
  maxMs?: number;
  ok: number;
  non2xx: number;
  socketErrors: number;
  /** e.g. "timeout 6": which socket errors (a timeout is a request unanswered after 10 s). */
  socketDetail?: string;
  /** Top-ups only: requests built, and 2xx answers whose order was Completed. */
  sent: number;
  completed: number;
  firstBad?: string;
  firstOther?: string;
  /** Authorizations: how the 2xx answers decided (`completed` = approved). */
  auth?: AuthCounts;
  cpu?: CpuUsage;
}

export interface AuthCounts { approved: number; declined: number; other: number; approvedMinor: number; declineReasons: Record<string, number> }

export const LUA_DIR = join(import.meta.dirname, '..', 'wrk');

/**
 * wrk on PATH, else `apt-get install -y wrk` when we are root (CI images are
 * Debian), else null so the caller can fall back to autocannon.
 */
export async function ensureWrk(log: (s: string) => void): Promise<boolean> {
  if (await commandExists('wrk')) return true;
  if (process.getuid?.() !== 0 || !(await commandExists('apt-get'))) return false;
  log('wrk not found: installing it with apt-get (Debian package "wrk")');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = await run('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], { timeoutMs: 300_000, env, allowFail: true });
  if (r.code !== 0) {
    // A fresh container has no package lists yet.
    await run('apt-get', ['update'], { timeoutMs: 300_000, env, allowFail: true });
    r = await run('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], { timeoutMs: 300_000, env, allowFail: true });
  }
  return r.code === 0 && (await commandExists('wrk'));
}

export async function wrkVersion(): Promise<string> {
  const r = await run('wrk', ['--version'], { timeoutMs: 5000, allowFail: true });
  return (r.stdout + r.stderr).split('\n')[0]!.replace(/ Copyright.*/, '').trim();
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "538.94us" / "1.11ms" / "2.00s" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`cannot parse wrk duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Parses `wrk --latency` output and the BENCH* lines of bench/wrk/*.lua. */
export function parseWrk(out: string): Omit<LoadResult, 'tool' | 'cpu'> {
  const need = (re: RegExp, what: string) => {
    const m = re.exec(out);
    if (!m) throw new Error(`wrk output has no ${what}:\n${out}`);
    return m;
  };
  const avg = need(/^\s*Latency\s+(\S+)/m, 'latency line');
  const p50 = need(/^\s*50%\s+(\S+)/m, '50% latency (was --latency given?)');
  const p99 = need(/^\s*99%\s+(\S+)/m, '99% latency');
  const total = need(/^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)/m, 'request total');
  const rps = need(/^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec');
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const counts = need(/^BENCHCOUNTS ok=(\d+) non2xx=(\d+) sent=(\d+) completed=(\d+)/m, 'BENCHCOUNTS line from the Lua script');
  const wrkNon2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const luaNon2xx = Number(counts[2]);
  return {
    requests: Number(total[1]),
    durationS: parseDuration(total[2]! + total[3]!) / 1000,
    rps: Number(rps[1]),
    avgMs: parseDuration(avg[1]!),
    p50Ms: parseDuration(p50[1]!),
    p99Ms: parseDuration(p99[1]!),
    ok: Number(counts[1]),
    // Lua sees every response; wrk's own count (>= 400 only) is a cross-check.
    non2xx: Math.max(luaNon2xx, wrkNon2xx ? Number(wrkNon2xx[1]) : 0),
    socketErrors: sock ? sock.slice(1, 5).reduce((a, b) => a + Number(b), 0) : 0,
    socketDetail: sock ? ['connect', 'read', 'write', 'timeout'].map((k, i) => `${k} ${sock[i + 1]}`).filter((x) => !x.endsWith(' 0')).join(', ') : undefined,
    sent: Number(counts[3]),
    completed: Number(counts[4]),
    firstBad: /^BENCHFIRSTBAD (.*)$/m.exec(out)?.[1],
    firstOther: /^BENCHFIRSTOTHER (.*)$/m.exec(out)?.[1],
    ...parseLatencyLine(out),
    auth: parseAuthLine(out),
  };
}

/** BENCHLAT p50=… p90=… p99=… p999=… max=… mean=… (µs, from wrk's histogram in done()). */
function parseLatencyLine(out: string): { p999Ms?: number; maxMs?: number } {
  const m = /^BENCHLAT .*p999=(\d+) max=(\d+)/m.exec(out);
  return m ? { p999Ms: Number(m[1]) / 1000, maxMs: Number(m[2]) / 1000 } : {};
}

/** BENCHAUTH approved=… declined=… other=… approved_cents=… reasons=R1=n,R2=n, (authorize.lua). */
function parseAuthLine(out: string): AuthCounts | undefined {
  const m = /^BENCHAUTH approved=(\d+) declined=(\d+) other=(\d+) approved_cents=(\d+) reasons=(\S*)/m.exec(out);
  if (!m) return undefined;
  const declineReasons: Record<string, number> = {};
  for (const kv of m[5]!.split(',').filter(Boolean)) declineReasons[kv.split('=')[0]!] = Number(kv.split('=')[1]);
  return { approved: Number(m[1]), declined: Number(m[2]), other: Number(m[3]), approvedMinor: Number(m[4]), declineReasons };
}

export async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const args = ['-t', String(spec.threads), '-c', String(spec.connections), '-d', `${spec.durationS}s`, '--latency',
    // Orders may legitimately take up to the server's 2 s order wait; wrk's default 2 s timeout would cut them off.
    '--timeout', '10s'];
  for (const [k, v] of Object.entries(spec.headers ?? {})) args.push('-H', `${k}: ${v}`);
  args.push('-s', join(LUA_DIR, `${spec.kind === 'get' ? 'count' : spec.kind}.lua`), spec.url);
  // 100 tokens and card ids are a few tens of kB of argv: well inside Linux's limits (128 kB per string, 2 MB in all).
  const pairs = () => spec.targets!.flatMap((t) => [t.token, t.cardId]);
  if (spec.kind === 'read') args.push('--', ...pairs());
  if (spec.kind === 'topup') args.push('--', spec.runTag!, ...pairs());
  if (spec.kind === 'authorize') args.push('--', spec.runTag!, ...(spec.amountMinor ?? [1, 200]).map(String), ...pairs());

  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  let exited = false;
  const done = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => { exited = true; resolve(code ?? -1); });
  });
  onCleanup('wrk', () => { if (!exited) child.kill('SIGKILL'); }, () => { if (!exited) child.kill('SIGKILL'); });

  // CPU is sampled inside the run (1 s in, 1 s before the end) while every
  // process is alive and load is steady, rather than around the whole run.
  let cpu: CpuUsage | undefined;
  const sampler = (async () => {
    if (spec.durationS < 4) return;
    await sleep(1000);
    if (exited) return;
    const w = startCpuWindow({ loadgen: [child.pid!], ...spec.cpuGroups });
    await sleep((spec.durationS - 2) * 1000);
    if (!exited) cpu = w.end();
  })();

  const hardLimitMs = (spec.durationS + 30) * 1000;
  const timer = setTimeout(() => child.kill('SIGKILL'), hardLimitMs);
  const code = await done;
  clearTimeout(timer);
  await sampler;
  if (code !== 0) throw new Error(`wrk exited with ${code}:\n${out}`);
  return { tool: 'wrk', ...parseWrk(out), cpu };
}
