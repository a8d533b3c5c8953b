// CPU accounting from /proc during a measurement window. The load generator,
// the HTTP server and PostgreSQL share 2 cores, so a throughput figure means
// little without knowing who used the CPU: this splits the machine's busy
// time into those three, and "other" (anything else on the box, e.g. another
// engineer's test run, which would make the figures unreliable).
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

const TICKS_PER_S = 100; // USER_HZ; 100 on every Linux we run on (getconf CLK_TCK)

export interface CpuGroups { [group: string]: number[] | (() => number[]) }

interface Snapshot { at: number; busy: number; total: number; byGroup: Record<string, number> }

/**
 * Per-group CPU use in percent of one core (200 % = both cores of a 2-core box), and the
 * HTTP server's peak resident memory in the window (sampled; its whole process tree).
 */
export interface CpuUsage { windowS: number; machineBusyPct: number; machinePct: number; groups: Record<string, number>; otherPct: number; serverPeakRssMb?: number }

// How often the server's RSS is sampled inside a window: a peak shorter than this may be missed.
const RSS_SAMPLE_MS = 250;

/** VmRSS of the processes, in MiB (0 for a process that is gone). */
export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(line?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return kb / 1024;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // user nice system idle iowait irq softirq steal; guest time is already inside user.
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/**
 * utime + stime of the process, plus cutime + cstime: the time of children it
 * has already reaped. Summed over a process tree this keeps the time of
 * PostgreSQL backends that exit inside the window (pool connections closing).
 */
function pidTicks(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // Fields 14-17 of stat (utime stime cutime cstime) are 11-14 after the comm field.
    return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  } catch {
    return 0; // exited between listing and reading
  }
}

/** The pid and all its descendants (PostgreSQL backends are children of the postmaster). */
export function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  return out;
}

/** Direct children of ppid whose command name is comm (e.g. the pgbench we started). */
export function childrenNamed(ppid: number, comm: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid && s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')) === comm) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

function snapshot(groups: CpuGroups): Snapshot {
  const m = machineTicks();
  const byGroup: Record<string, number> = {};
  for (const [g, pids] of Object.entries(groups)) {
    byGroup[g] = (typeof pids === 'function' ? pids() : pids).reduce((a, p) => a + pidTicks(p), 0);
  }
  return { at: Date.now(), busy: m.busy, total: m.total, byGroup };
}

/**
 * Takes the first snapshot now; `end()` takes the second. Processes that
 * start or end inside the window are under-counted, so call both while the
 * measured processes are alive (the runners sample inside the wrk window).
 */
export function startCpuWindow(groups: CpuGroups): { end(): CpuUsage } {
  const a = snapshot(groups);
  const server = groups.server;
  const serverPids = () => (server === undefined ? [] : typeof server === 'function' ? server() : server);
  let serverPeakRssMb = server === undefined ? undefined : rssMb(serverPids());
  const sampler = server === undefined ? undefined : setInterval(() => { serverPeakRssMb = Math.max(serverPeakRssMb ?? 0, rssMb(serverPids())); }, RSS_SAMPLE_MS);
  return {
    end() {
      if (sampler) {
        clearInterval(sampler);
        serverPeakRssMb = Math.max(serverPeakRssMb ?? 0, rssMb(serverPids()));
      }
      const b = snapshot(groups);
      const windowS = (b.at - a.at) / 1000;
      const cores = availableParallelism();
      const pct = (ticks: number) => Math.round((ticks / TICKS_PER_S / windowS) * 1000) / 10;
      const groupsPct: Record<string, number> = {};
      let ours = 0;
      for (const g of Object.keys(groups)) {
        const d = b.byGroup[g]! - a.byGroup[g]!;
        groupsPct[g] = pct(d);
        ours += d;
      }
      const busy = b.busy - a.busy;
      const machineBusyPct = Math.round((busy / (b.total - a.total)) * 1000) / 10; // of all cores
      return {
        windowS, machineBusyPct, machinePct: cores * 100, groups: groupsPct, otherPct: Math.max(0, pct(busy - ours)),
        ...(serverPeakRssMb === undefined ? {} : { serverPeakRssMb: Math.round(serverPeakRssMb) }),
      };
    },
  };
}

export function formatCpu(u: CpuUsage | undefined): string {
  if (!u) return '';
  const parts = Object.entries(u.groups).map(([g, v]) => `${g} ${v.toFixed(0)}%`);
  parts.push(`other ${u.otherPct.toFixed(0)}%`);
  const rss = u.serverPeakRssMb === undefined ? '' : `; server peak RSS ${u.serverPeakRssMb} MiB`;
  return `${parts.join(', ')} (machine ${u.machineBusyPct.toFixed(0)}% busy)${rss}`;
}

/**
 * Other people's work on the box (a test run in the same tree, say) skews
 * every figure. Before a measurement, wait (bounded) until processes that are
 * not ours use less than thresholdPct of a core over a 2 s window. Returns
 * the last reading; the caller notes it when the box never went quiet.
 */
export async function waitForQuiet(groups: CpuGroups, opts: { maxWaitS: number; thresholdPct: number; log: (s: string) => void }): Promise<number> {
  const deadline = Date.now() + opts.maxWaitS * 1000;
  let said = false;
  for (;;) {
    const w = startCpuWindow(groups);
    await sleep(2000);
    const other = w.end().otherPct;
    if (other <= opts.thresholdPct) return other;
    if (Date.now() >= deadline) {
      opts.log(`machine still busy with other processes (${other.toFixed(0)}% of a core) after ${opts.maxWaitS} s: measuring anyway`);
      return other;
    }
    if (!said) opts.log(`other processes use ${other.toFixed(0)}% of a core: waiting up to ${opts.maxWaitS} s for the machine to quiet down`);
    said = true;
  }
}
