// `npm run bench`: baselines and Cardepass, side by side, in one run on one
// durable PostgreSQL cluster. See bench/README.md for what is measured and
// how to read the ratios. Progress goes to stderr; the report to stdout and
// bench/results/latest.{md,json}. Exit code 1 = the run is not valid (errors,
// non-2xx, a ledger or balance mismatch); missing a ratio goal is reported,
// not an error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadAutocannon, runAutocannon } from './lib/autocannon.ts';
import { cardBalances, settleTopups, topupBooks, topupChecks } from './lib/books.ts';
import { applyCard, connect, startCardepass } from './lib/cardepass.ts';
import { describeCluster, startBenchCluster } from './lib/cluster.ts';
import { formatCpu, processTree, waitForQuiet, type CpuUsage } from './lib/cpu.ts';
import { pgbenchInit, pgbenchRun, pgbenchVersion, type PgbenchResult } from './lib/pgbench.ts';
import { freePort, installSignalCleanup, onCleanup, runCleanups, startProcess, waitFor } from './lib/procs.ts';
import { writeReport, type Ratio, type Report, type Row } from './lib/report.ts';
import { setupSpread } from './lib/spread.ts';
import { ensureWrk, runWrk, wrkVersion, type LoadResult, type LoadSpec } from './lib/wrk.ts';

const repo = dirname(import.meta.dirname);
const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
// Overridable for a quick smoke run of the script itself (BENCH_DURATION_S=5 …); defaults are the real benchmark.
const cfg = {
  durationS: envInt('BENCH_DURATION_S', 15),
  warmupS: envInt('BENCH_WARMUP_S', 3),
  pgbenchS: envInt('BENCH_PGBENCH_S', 20),
  pgbenchScale: 10,
  threads: 2, // one wrk/pgbench thread per core
  poolSize: envInt('BENCH_DB_POOL_SIZE', 20),
  readConnections: 16,
  // Before each scenario, wait up to this long for other processes to use < quietPct of a core.
  quietWaitS: envInt('BENCH_QUIET_WAIT_S', 120),
  quietPct: 15,
  writeConnections: [8, 16],
  // The top-up scenario of the ratio goal spreads over this many customers ×
  // Standard cards each, like pgbench scale 10 over 10 branches and 100 tellers.
  spreadCustomers: 10,
  spreadCardsEach: 10,
  setupParallel: 8, // API calls in flight while creating them
};
const t0 = Date.now();
const log = (s: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${s}\n`);
const runId = Date.now().toString(36); // makes customerOrderNo unique even against an old database

installSignalCleanup();
const work = mkdtempSync(join(tmpdir(), 'cardepass-bench-'));
let keepWork = false;
onCleanup('work dir', () => { if (!keepWork) rmSync(work, { recursive: true, force: true }); });

const warmups: LoadResult[] = [];
const report: Report = {
  date: new Date().toISOString(), ok: false, elapsedS: 0, machine: {}, postgres: {},
  settings: { warmupS: String(cfg.warmupS), durationS: String(cfg.durationS), pgbenchS: String(cfg.pgbenchS), dbPoolSize: String(cfg.poolSize) },
  rows: [], ratios: [], checks: [], warnings: [], diagnostics: [],
};
const git = (...args: string[]) => { try { return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim(); } catch { return '?'; } };
report.machine = {
  nproc: String(availableParallelism()), cpu: cpus()[0]?.model ?? '?', memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version, kernel: release(),
  commit: '',
};
// bench/ itself does not make the measured code "dirty".
const commit = () => `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', '.', ':(exclude)bench') ? ' (uncommitted changes)' : ''}`;
report.machine.commit = commit();

/** A measurement during which other processes used the CPU is flagged, in the row and at the top of the report. */
function noiseNote(scenario: string, concurrency: number, cpu: CpuUsage | undefined, note?: string): string | undefined {
  if (!cpu || cpu.otherPct <= cfg.quietPct) return note;
  const n = `other processes on the machine used ${cpu.otherPct.toFixed(0)}% of a core during this measurement`;
  report.warnings.push(`${scenario} @${concurrency}: ${n} — figures understated`);
  return note ? `${note}; ${n}` : n;
}

function httpRow(scenario: string, concurrency: number, r: LoadResult, note?: string): Row {
  if (r.socketErrors) note = `socket errors: ${r.socketDetail ?? r.socketErrors} (wrk --timeout 10s)${note ? `; ${note}` : ''}`;
  note = noiseNote(scenario, concurrency, r.cpu, note);
  const row: Row = { scenario, concurrency, rate: r.rps, unit: 'req/s', avgMs: r.avgMs, p50Ms: r.p50Ms, p99Ms: r.p99Ms,
    errors: r.non2xx, socketErrors: r.socketErrors, total: r.requests, cpu: r.cpu, note };
  report.rows.push(row);
  log(`${scenario} @${concurrency}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, non-2xx ${r.non2xx}, socket errors ${r.socketErrors}; CPU ${formatCpu(r.cpu)}`);
  if (r.firstBad) log(`  first non-2xx: ${r.firstBad}`);
  return row;
}

function pgRow(r: PgbenchResult): Row {
  const row: Row = { scenario: 'pgbench tpcb-like (-M prepared)', concurrency: r.clients, rate: r.tps, unit: 'TPS', avgMs: r.avgMs,
    p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.failed, socketErrors: 0, total: r.transactions, cpu: r.cpu,
    note: noiseNote('pgbench', r.clients, r.cpu) };
  report.rows.push(row);
  log(`pgbench -c ${r.clients}: ${r.tps.toFixed(1)} TPS, avg ${r.avgMs} ms, p50 ${r.p50Ms?.toFixed(2)} ms, p99 ${r.p99Ms?.toFixed(2)} ms; CPU ${formatCpu(r.cpu)}`);
  return row;
}

/** Error and fatal lines (pino levels 50, 60) of the server's log, grouped by message. */
function serverErrors(file: string): { total: number; kinds: string[] } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const e = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((e.level ?? 0) < 50) continue;
      total++;
      const k = `${e.msg ?? ''}${e.err?.message ? ` (${e.err.message})` : ''}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    } catch {
      // not a log record
    }
  }
  return { total, kinds: [...counts].map(([k, n]) => `${n}× ${k}`) };
}

async function main(): Promise<void> {
  // --- load generator --------------------------------------------------------
  let load: (s: LoadSpec) => Promise<LoadResult>;
  if (process.env.BENCH_LOADGEN !== 'autocannon' && (await ensureWrk(log))) {
    load = runWrk;
    report.settings.loadGenerator = `${await wrkVersion()}, ${cfg.threads} threads`;
  } else if (await loadAutocannon()) {
    log('wrk unavailable: falling back to autocannon (in-process; numbers not comparable with wrk runs)');
    load = runAutocannon;
    report.settings.loadGenerator = 'autocannon (fallback)';
  } else {
    throw new Error('no load generator: install wrk (Debian: apt-get install -y wrk; run this as root to let the script do it), ' +
      'or as a fallback autocannon (npm i --prefix /tmp/ac autocannon, then BENCH_AUTOCANNON=/tmp/ac/node_modules/autocannon)');
  }
  // Warm-up runs are not in the table, but their errors and orders still count in the checks.
  // settle(): for writes, lets orders still running from the previous run
  // finish first, so that a measurement does not inherit their backlog.
  const measure = async (spec: Omit<LoadSpec, 'durationS' | 'threads'>, settle: () => Promise<unknown> = async () => {}) => {
    await settle();
    await waitForQuiet(spec.cpuGroups ?? {}, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
    if (cfg.warmupS > 0) {
      const w = await load({ ...spec, threads: cfg.threads, durationS: cfg.warmupS, runTag: spec.runTag && `${spec.runTag}w` });
      warmups.push(w);
      await settle();
    }
    return load({ ...spec, threads: cfg.threads, durationS: cfg.durationS });
  };

  // --- PostgreSQL --------------------------------------------------------------
  log('starting a durable PostgreSQL cluster');
  const pg = await startBenchCluster();
  report.postgres = await describeCluster(pg);
  if (report.postgres.fsync !== 'on' || report.postgres.synchronous_commit !== 'on') throw new Error(`cluster is not durable: ${JSON.stringify(report.postgres)}`);
  report.settings.pgbench = (await pgbenchVersion()).replace(/^pgbench /, '');
  const postmaster = await pg.postmasterPid();
  const postgresPids = () => processTree(postmaster);
  log(`PostgreSQL ${report.postgres.server_version} on port ${pg.port} (${report.postgres.shared_buffers} shared_buffers)`);

  // --- baseline (a): Fastify hello world -------------------------------------------
  const helloPort = await freePort();
  const hello = startProcess('hello-world', process.execPath, [join(import.meta.dirname, 'hello-world.mjs')],
    { env: { ...process.env, PORT: String(helloPort) }, cwd: repo, logFile: join(work, 'hello-world.log') });
  const helloUrl = `http://127.0.0.1:${helloPort}/`;
  await waitFor('the hello-world server', 30_000, async () => ((await fetch(helloUrl, { signal: AbortSignal.timeout(2000) })).ok ? true : undefined), hello);
  log(`hello-world: ${cfg.readConnections} connections`);
  const helloRow = httpRow('Fastify hello-world GET /', cfg.readConnections,
    await measure({ url: helloUrl, connections: cfg.readConnections, kind: 'get', cpuGroups: { server: [hello.child.pid!], postgres: postgresPids } }));
  await hello.stop();

  // --- baseline (b): pgbench ---------------------------------------------------------
  log(`pgbench -i -s ${cfg.pgbenchScale}`);
  await pg.createDatabase('pgbench');
  await pgbenchInit(pg, 'pgbench', cfg.pgbenchScale);
  await pg.sql('pgbench', 'VACUUM ANALYZE');
  await pg.sql('postgres', 'CHECKPOINT');
  const pgRows = new Map<number, Row>();
  for (const clients of cfg.writeConnections) {
    await waitForQuiet({ postgres: postgresPids }, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
    log(`pgbench tpcb-like -c ${clients} -j ${cfg.threads} -T ${cfg.pgbenchS} -M prepared`);
    if (cfg.warmupS > 0) await pgbenchRun(pg, 'pgbench', { clients, threads: cfg.threads, durationS: cfg.warmupS, log: false });
    pgRows.set(clients, pgRow(await pgbenchRun(pg, 'pgbench', { clients, threads: cfg.threads, durationS: cfg.pgbenchS, log: true, cpuGroups: { postgres: postgresPids } })));
  }
  // Start Cardepass with the pgbench writes flushed, so no checkpoint of theirs lands in our windows.
  await pg.sql('postgres', 'CHECKPOINT');

  // --- Cardepass -----------------------------------------------------------------
  await pg.createDatabase('cardepass');
  const serverLog = join(work, 'cardepass.log');
  // Others commit in this tree while we run: name the code the server actually loads.
  const atServerStart = commit();
  if (atServerStart !== report.machine.commit) report.machine.commit = `${atServerStart} (was ${report.machine.commit} when the run began)`;
  log(`starting cardepass serve at ${atServerStart}`);
  const server = await startCardepass({ repo, databaseUrl: pg.url('cardepass'), port: await freePort(), dataDir: join(work, 'data'), logFile: serverLog, poolSize: cfg.poolSize });
  const serverGroups = { server: () => processTree(server.proc.child.pid!), postgres: postgresPids };
  const api = await connect(server);
  await api.call('POST', '/admin/v1/deposits', { customerId: api.customerId, currency: 'USD', amount: '1000000', reference: `bench-${runId}` }, true);
  const cardId = await applyCard(api, '100');
  log(`card ${cardId} issued`);
  const auth = { Authorization: `Bearer ${api.token}` };
  const setupStart = Date.now();
  const spread = await setupSpread(server, api, { customers: cfg.spreadCustomers, cardsPerCustomer: cfg.spreadCardsEach, deposit: '1000000', runId, parallel: cfg.setupParallel });
  log(`${spread.length} cards of ${cfg.spreadCustomers} customers issued in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`);

  log(`card reads: ${cfg.readConnections} connections`);
  const readRow = httpRow('Cardepass GET /openapi/v1/cards/{id}', cfg.readConnections,
    await measure({ url: `${server.base}/openapi/v1/cards/${cardId}`, connections: cfg.readConnections, kind: 'get', headers: auth, cpuGroups: serverGroups }));

  // --- writes --------------------------------------------------------------------
  // Spread first: it is the scenario of the ratio goal, so it gets the freshest
  // database. Before each run, top-ups still running on any card may finish.
  const allCards = [cardId, ...spread.map((t) => t.cardId)];
  const settleAll = () => settleTopups(pg, allCards, 'earlier top-ups to finish', 60_000, log);
  const scenarios = [
    { label: `Cardepass POST standard/topup (1.00), ${spread.length} cards of ${cfg.spreadCustomers} customers`, short: `${spread.length} cards`,
      cards: spread.map((t) => t.cardId), spec: { kind: 'topup' as const, targets: spread }, tag: 's', goal: 0.5 as number | null },
    { label: 'Cardepass POST standard/topup (1.00), one card (hot row)', short: 'one card (hot row)',
      cards: [cardId], spec: { kind: 'topup' as const, targets: [{ token: api.token, cardId }] }, tag: 'b', goal: null },
  ];
  const written = [];
  for (const s of scenarios) {
    const before = await cardBalances(pg, s.cards);
    const warmupsBefore = warmups.length;
    const runs: LoadResult[] = [];
    const rows = new Map<number, Row>();
    for (const c of cfg.writeConnections) {
      log(`top-ups, ${s.short}: ${c} connections`);
      const r = await measure({ ...s.spec, url: `${server.base}/openapi/v1/orders/standard/topup`, connections: c, runTag: `${s.tag}${runId}c${c}`, cpuGroups: serverGroups }, settleAll);
      runs.push(r);
      const notCompleted = r.ok - r.completed;
      rows.set(c, httpRow(s.label, c, r, notCompleted ? `${notCompleted} 2xx answers were not Completed; first: ${r.firstOther}` : undefined));
    }
    runs.push(...warmups.slice(warmupsBefore));
    written.push({ ...s, before, runs, rows });
  }

  // --- books ---------------------------------------------------------------------
  log('waiting for top-up orders to settle');
  await settleTopups(pg, allCards, 'top-up orders to settle', 90_000, log);
  for (const s of written) report.checks.push(...topupChecks(s.short, s.runs, await topupBooks(pg, s.before)));
  // One verify after all write runs: it reads every journal entry.
  const verify = await api.call<{ ok: boolean; entriesChecked: number; accountsChecked: number; problems: string[] }>('GET', '/admin/v1/ledger/verify', undefined, true);
  report.checks.push({ name: 'ledger verify', ok: verify.ok,
    detail: `${verify.ok ? 'ok' : 'PROBLEMS'}: ${verify.entriesChecked} entries, ${verify.accountsChecked} accounts${verify.problems.length ? `; ${verify.problems.slice(0, 5).join('; ')}` : ''}` });
  // A 500 sent after wrk gave up on the request (timeout) or after the run
  // ended never shows up as non-2xx, so also count what the server logged.
  const logged = serverErrors(serverLog);
  report.checks.push({ name: 'server logged no errors', ok: logged.total === 0,
    detail: logged.total ? `${logged.total} error lines: ${logged.kinds.join('; ')}` : 'none at LOG_LEVEL=warn' });
  // Deadlocks cost deadlock_timeout (1 s) each before PostgreSQL breaks them: worth knowing when top-ups are slow.
  const deadlocks = await pg.sql('postgres', "SELECT datname || '=' || deadlocks FROM pg_stat_database WHERE datname IN ('pgbench', 'cardepass') ORDER BY 1");
  report.diagnostics.push(`PostgreSQL deadlocks detected (pg_stat_database, whole run): ${deadlocks.split('\n').join(', ')}`);

  // --- ratios --------------------------------------------------------------------
  const ratio = (name: string, num: Row, den: Row | undefined, goal: number | null): Ratio => {
    const value = den && den.rate > 0 ? num.rate / den.rate : null;
    return { name, value, goal, met: goal !== null && value !== null && value >= goal, detail: `${num.rate.toFixed(0)} ÷ ${den?.rate.toFixed(0)} at ${num.concurrency}` };
  };
  report.ratios.push(ratio('card reads ÷ hello-world', readRow, helloRow, 0.33));
  // Only the spread scenario has a goal; the hot row is shown for what it says about one account's limit.
  for (const s of written) {
    for (const c of cfg.writeConnections) report.ratios.push(ratio(`top-ups/s ÷ pgbench TPS, ${s.short}`, s.rows.get(c)!, pgRows.get(c), s.goal));
  }
}

let exitCode = 1;
try {
  await main();
} catch (err) {
  report.error = (err as Error).message.split('\n')[0];
  console.error(`\nbenchmark failed: ${(err as Error).stack ?? err}`);
  keepWork = true;
  console.error(`logs kept in ${work}`);
}
const silent = report.rows.filter((r) => r.total === 0).map((r) => `${r.scenario} @${r.concurrency}`);
if (!report.error) report.checks.push({ name: 'every measurement got answers', ok: silent.length === 0, detail: silent.length ? `no response within the window: ${silent.join(', ')}` : 'yes' });
const errorsSeen = report.rows.reduce((a, r) => a + r.errors + r.socketErrors, 0);
const warmupErrors = warmups.reduce((a, r) => a + r.non2xx + r.socketErrors, 0);
report.checks.unshift({ name: 'no non-2xx / socket errors / failed transactions', ok: errorsSeen + warmupErrors === 0,
  detail: `${errorsSeen} in measured runs, ${warmupErrors} in warm-ups` });
report.ok = !report.error && report.checks.every((c) => c.ok);
if (report.ok) exitCode = 0;
else if (!keepWork) {
  keepWork = true; // the server log may say why
  console.error(`run not valid: logs kept in ${work}`);
}
log('stopping server and cluster');
await runCleanups();
await sleep(50);
report.elapsedS = (Date.now() - t0) / 1000;
console.log(writeReport(join(import.meta.dirname, 'results'), report));
process.exit(exitCode);
