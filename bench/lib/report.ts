// The benchmark's output: one markdown report (stdout and
// bench/results/latest.md) and the same data as JSON (latest.json, gitignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuUsage } from './cpu.ts';

export interface Row {
  scenario: string;
  concurrency: number;
  /** req/s for HTTP scenarios, TPS for pgbench. */
  rate: number;
  unit: 'req/s' | 'TPS';
  avgMs: number;
  p50Ms: number | null;
  p99Ms: number | null;
  p999Ms?: number | null;
  /** Shown in the Concurrency column instead of the number, e.g. "open 450/s" for an open-loop run. */
  load?: string;
  /** non-2xx responses (HTTP) or failed transactions (pgbench). */
  errors: number;
  socketErrors: number;
  total: number;
  cpu?: CpuUsage;
  note?: string;
}

/**
 * goal null: shown for information (e.g. the hot-row top-ups), with no target to meet.
 * atMost: the goal is an upper bound (a latency in ms), not a lower one.
 */
export interface Ratio { name: string; value: number | null; goal: number | null; met: boolean; detail: string; atMost?: boolean }
export interface Check { name: string; ok: boolean; detail: string }
/** Start-up section (lib/startup.ts): spawn to first 200, per repetition; ratio = median ÷ hello-world's median. */
export interface StartupRow { scenario: string; samples_ms: number[]; median_ms: number; max_ms: number; cpu_median_ms: number; ratio: number | null }
/**
 * Events section (lib/events-cost.ts): one variant at one connection count,
 * over its interleaved turns. Rates, latencies and CPU are means of the turns;
 * CPU ms per top-up = the group's cores busy ÷ top-ups per second.
 */
export interface EventsCostRow {
  connections: number; variant: string; rates: number[]; meanRate: number; p50Ms: number; p99Ms: number;
  serverCpuMsPerTopup: number; postgresCpuMsPerTopup: number;
  /** meanRate ÷ the events-off variant's at the same connection count; null for that variant. */
  vsOff: number | null;
}

export interface Report {
  date: string;
  ok: boolean;
  elapsedS: number;
  machine: Record<string, string>;
  postgres: Record<string, string>;
  settings: Record<string, string>;
  rows: Row[];
  startup?: StartupRow[];
  events?: EventsCostRow[];
  ratios: Ratio[];
  checks: Check[];
  /** Measurements disturbed by other processes on the machine. */
  warnings: string[];
  /** Facts that help explain the figures (not pass/fail). */
  diagnostics: string[];
  error?: string;
}

const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const rate = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const cpuCell = (u: CpuUsage | undefined, g: string) => (u && g in u.groups ? `${u.groups[g]!.toFixed(0)}%` : '–');

export function renderMarkdown(r: Report): string {
  const out: string[] = [];
  out.push(`# Cardepass benchmark — ${r.date}`, '');
  out.push(`**Result: ${r.ok ? 'valid run' : 'FAILED RUN'}**${r.error ? ` — ${r.error}` : ''} (took ${r.elapsedS.toFixed(0)} s)`, '');
  if (r.warnings.length) out.push('**Warning: the machine was shared during this run; affected figures are low:**', '', ...r.warnings.map((w) => `- ${w}`), '');
  out.push(Object.entries(r.machine).map(([k, v]) => `${k}: ${v}`).join(' · '), '');
  out.push(`PostgreSQL: ${Object.entries(r.postgres).map(([k, v]) => `${k}=${v}`).join(', ')}`, '');
  out.push(`Run: ${Object.entries(r.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`, '');

  out.push('| Scenario | Concurrency | Rate | p50 ms | p99 ms | p99.9 ms | avg ms | non-2xx / failed | Requests |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of r.rows) {
    const errs = row.socketErrors ? `${row.errors} (+${row.socketErrors} socket)` : String(row.errors);
    const lat = (v: number | null | undefined) => (row.total ? fmt(v, 2) : '–'); // wrk prints zeros when nothing was answered
    out.push(`| ${row.scenario} | ${row.load ?? row.concurrency} | ${rate(row.rate)} ${row.unit} | ${lat(row.p50Ms)} | ${lat(row.p99Ms)} | ${lat(row.p999Ms)} | ${lat(row.avgMs)} | ${errs} | ${row.total.toLocaleString('en-US')} |`);
  }
  out.push('');

  if (r.startup?.length) {
    out.push('| Start-up (spawn → first 200) | Runs | median ms | max ms | ÷ hello-world | CPU ms (median) | each run, ms |', '|---|---:|---:|---:|---:|---:|---|');
    for (const s of r.startup) {
      out.push(`| ${s.scenario} | ${s.samples_ms.length} | ${fmt(s.median_ms, 0)} | ${fmt(s.max_ms, 0)} | ${s.ratio === null ? '—' : fmt(s.ratio, 2)} | ${s.cpu_median_ms} | ${s.samples_ms.map((x) => x.toFixed(0)).join(', ')} |`);
    }
    out.push('');
  }

  if (r.events?.length) {
    out.push('| Events cost: top-ups, 100 cards | Connections | top-ups/s (each turn) | mean top-ups/s | ÷ events off | p50 ms | p99 ms | server CPU ms/top-up | PostgreSQL CPU ms/top-up |',
      '|---|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const e of r.events) {
      out.push(`| ${e.variant} | ${e.connections} | ${e.rates.map((x) => x.toFixed(0)).join(', ')} | ${rate(e.meanRate)} | ${e.vsOff === null ? '—' : fmt(e.vsOff, 3)} | ` +
        `${fmt(e.p50Ms, 2)} | ${fmt(e.p99Ms, 2)} | ${fmt(e.serverCpuMsPerTopup, 3)} | ${fmt(e.postgresCpuMsPerTopup, 3)} |`);
    }
    out.push('');
  }

  out.push('| Ratio | Value | Goal | Met |', '|---|---:|---:|:---:|');
  for (const q of r.ratios) {
    out.push(`| ${q.name} (${q.detail}) | ${fmt(q.value, 2)} | ${q.goal === null ? '—' : `${q.atMost ? '≤' : '≥'} ${q.goal.toFixed(2)}`} | ${q.goal === null ? '—' : q.met ? 'yes' : 'NO'} |`);
  }
  out.push('');

  out.push('| Check | OK | Detail |', '|---|:---:|---|');
  for (const c of r.checks) out.push(`| ${c.name} | ${c.ok ? 'yes' : 'NO'} | ${c.detail.replace(/\|/g, '\\|')} |`);
  out.push('');

  // Who used the 2 cores: 100 % = one core. "other" is everything not started by this run.
  out.push('CPU during each measurement (% of one core; the machine has ' + (r.machine.nproc ?? '?') + ' cores):', '');
  out.push('| Scenario | Concurrency | load generator | HTTP server | PostgreSQL | other | machine busy | server peak RSS |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of r.rows) {
    const u = row.cpu;
    const rss = u?.serverPeakRssMb === undefined ? '–' : `${u.serverPeakRssMb} MiB`;
    out.push(`| ${row.scenario} | ${row.load ?? row.concurrency} | ${cpuCell(u, 'loadgen')} | ${cpuCell(u, 'server')} | ${cpuCell(u, 'postgres')} | ${u ? `${u.otherPct.toFixed(0)}%` : '–'} | ${u ? `${u.machineBusyPct.toFixed(0)}%` : '–'} | ${rss} |`);
  }
  out.push('');
  const notes = r.rows.filter((row) => row.note).map((row) => `- ${row.scenario} @${row.load ?? row.concurrency}: ${row.note}`);
  notes.push(...r.diagnostics.map((d) => `- ${d}`));
  if (notes.length) out.push('Notes:', '', ...notes, '');
  return out.join('\n');
}

/** Writes <dir>/<name>.md and .json (the full run: latest; `--only auth`: only-auth). */
export function writeReport(dir: string, r: Report, name = 'latest'): string {
  const md = renderMarkdown(r);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.md`), md);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(r, null, 2) + '\n');
  return md;
}
