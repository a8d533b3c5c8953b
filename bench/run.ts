// `npm run bench`: baselines and Cardepass, side by side, in one run on one
// durable PostgreSQL cluster. See bench/README.md for what is measured and
// how to read the ratios. Progress goes to stderr; the report to stdout and
// bench/results/latest.{md,json}. Exit code 1 = the run is not valid (errors,
// non-2xx, a ledger or balance mismatch); missing a ratio goal is reported,
// not an error.
// `npm run bench -- --only auth` runs only the authorization section (on its
// own cluster and server, without the baselines) and writes
// bench/results/only-auth.{md,json}. `--only startup` runs only the start-up
// section (spawn to first answer of the compiled server; bench/lib/startup.ts).
// `--only events` runs only the events section: what writing events costs the
// top-ups (bench/lib/events-cost.ts); the full run includes it with BENCH_EVENTS=1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addSeen, authBooks, authChecks, batchStats, formatBatches, noneSeen, type SeenAuth } from './lib/auth.ts';
import { loadAutocannon, runAutocannon } from './lib/autocannon.ts';
import { cardBalances, settleTopups, topupBatches, topupBooks, topupChecks } from './lib/books.ts';
import { applyCard, applyShareBalanceCard, cents, connect, startCardepass, type Api, type Server } from './lib/cardepass.ts';
import { describeCluster, resetStatements, startBenchCluster, statementStats, topStatements, type BenchCluster } from './lib/cluster.ts';
import { sampleWaits, waitSampling } from './lib/pg-waits.ts';
import { formatCpu, processTree, waitForQuiet, type CpuGroups, type CpuUsage } from './lib/cpu.ts';
import { formatTimeline, runGenerator, type GenResult, type GenSpec } from './lib/open-loop.ts';
import { pgbenchInit, pgbenchRun, pgbenchVersion, type PgbenchResult } from './lib/pgbench.ts';
import { freePort, installSignalCleanup, onCleanup, runCleanups, startProcess, waitFor } from './lib/procs.ts';
import { writeReport, type Ratio, type Report, type Row } from './lib/report.ts';
import { setupSpread, type SpreadTarget } from './lib/spread.ts';
import { runStartup } from './lib/startup.ts';
import { runEventsCost } from './lib/events-cost.ts';
import { runSoak } from './lib/soak.ts';
import { eventLoopWindow } from './lib/server-metrics.ts';
import { bulkLoad, GROWTH, indexUse, resetIndexStats } from './lib/growth.ts';
import { ensureWrk, runWrk, wrkVersion, type LoadResult, type LoadSpec } from './lib/wrk.ts';

const repo = dirname(import.meta.dirname);
// --only auth: just the authorization section; --only startup: just the start-up section;
// --only events: just the events section (top-ups with and without the event triggers);
// --only reads: the hello-world baseline and the card reads (a quick loop for read-path work);
// --only soak: five minutes of reads, top-ups and authorizations at once, memory sampled (lib/soak.ts);
// --only topups: the pgbench baseline and the top-ups (a quick loop for write-path work);
// --only growth: reads and top-ups before and after bulk-loading 1M cards and 10M orders (lib/growth.ts).
const SECTIONS = ['auth', 'startup', 'events', 'reads', 'soak', 'topups', 'growth'] as const;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1] : undefined;
if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) {
  console.error(`unknown section "${only}": --only takes one of ${SECTIONS.join(', ')}`);
  process.exit(2);
}
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
  // Authorizations (bench/README.md, "Authorizations"): closed-loop maximum at
  // these connection counts; (a) spread over this many customers × ShareBalance
  // cards each, (b) this many ShareBalance cards of one customer; then open
  // loop at openLoopFraction of each maximum for openLoopS.
  authConnections: [8, 16, 32],
  authSpreadCustomers: 20,
  authSpreadCardsEach: 5,
  authHotCards: 100,
  // Amounts: random whole cents in 0.01–2.00. Deposits are sized so that no
  // authorization can decline for funds: 1,000,000 USD per spread customer, 10,000,000 for the hot one.
  authAmountMinor: [1, 200] as [number, number],
  authSpreadDeposit: '1000000',
  authHotDeposit: '10000000',
  authMaxAuthAmount: '1000',
  openLoopFraction: 0.5,
  openLoopS: envInt('BENCH_OPEN_LOOP_S', 15),
  openLoopArrival: (process.env.BENCH_ARRIVAL === 'constant' ? 'constant' : 'poisson') as 'constant' | 'poisson',
  authP99GoalMs: 20,
  soakS: envInt('BENCH_SOAK_S', 300),
  soakConnectionsEach: 4,
  authHotGoal: 0.75,
  // Start-up (bench/README.md, "Start-up"): starts per scenario.
  startupRepetitions: envInt('BENCH_STARTUP_REPS', 5),
  // Events (bench/README.md, "Events cost"): turns of each variant per connection count, interleaved.
  eventsRepetitions: envInt('BENCH_EVENTS_REPS', 2),
};
const t0 = Date.now();
const log = (s: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${s}\n`);
const runId = Date.now().toString(36); // makes customerOrderNo unique even against an old database

installSignalCleanup();
const work = mkdtempSync(join(tmpdir(), 'cardepass-bench-'));
// BENCH_KEEP_LOGS=1 keeps the temp dir (server log…) of a valid run too, e.g. with BENCH_SERVER_NODE_FLAGS=--trace-gc.
let keepWork = process.env.BENCH_KEEP_LOGS === '1';
if (keepWork) process.stderr.write(`logs will be kept in ${work}\n`);
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
function noiseNote(scenario: string, concurrency: number | string, cpu: CpuUsage | undefined, note?: string): string | undefined {
  if (!cpu || cpu.otherPct <= cfg.quietPct) return note;
  const n = `other processes on the machine used ${cpu.otherPct.toFixed(0)}% of a core during this measurement`;
  report.warnings.push(`${scenario} @${concurrency}: ${n} — figures understated`);
  return note ? `${note}; ${n}` : n;
}

function httpRow(scenario: string, concurrency: number, r: LoadResult, note?: string): Row {
  if (r.socketErrors) note = `socket errors: ${r.socketDetail ?? r.socketErrors} (wrk --timeout 10s)${note ? `; ${note}` : ''}`;
  note = noiseNote(scenario, concurrency, r.cpu, note);
  const row: Row = { scenario, concurrency, rate: r.rps, unit: 'req/s', avgMs: r.avgMs, p50Ms: r.p50Ms, p99Ms: r.p99Ms, p999Ms: r.p999Ms,
    errors: r.non2xx, socketErrors: r.socketErrors, total: r.requests, cpu: r.cpu, note };
  report.rows.push(row);
  log(`${scenario} @${concurrency}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, p99.9 ${r.p999Ms?.toFixed(2) ?? '?'} ms, non-2xx ${r.non2xx}, socket errors ${r.socketErrors}; CPU ${formatCpu(r.cpu)}`);
  if (r.firstBad) log(`  first non-2xx: ${r.firstBad}`);
  return row;
}

function pgRow(r: PgbenchResult): Row {
  const row: Row = { scenario: 'pgbench tpcb-like (-M prepared)', concurrency: r.clients, rate: r.tps, unit: 'TPS', avgMs: r.avgMs,
    p50Ms: r.p50Ms, p99Ms: r.p99Ms, p999Ms: r.p999Ms, errors: r.failed, socketErrors: 0, total: r.transactions, cpu: r.cpu,
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

/** The start-up section: spawn → first 200 of the compiled server and of the hello-world, in its own database. */
async function startup(pg: BenchCluster): Promise<void> {
  await pg.createDatabase('startup');
  log(`start-up: ${cfg.startupRepetitions} starts per scenario`);
  const r = await runStartup({ repo, work, databaseUrl: pg.url('startup'), repetitions: cfg.startupRepetitions, log,
    quiet: { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct } });
  report.startup = r.rows;
  report.warnings.push(...r.warnings);
  report.ratios.push(...r.ratios);
  report.checks.push(...r.checks);
  report.settings.startupRepetitions = String(cfg.startupRepetitions);
}

async function main(): Promise<void> {
  if (only === 'startup') {
    log('starting a durable PostgreSQL cluster');
    const pg = await startBenchCluster();
    report.postgres = await describeCluster(pg);
    await startup(pg);
    return;
  }
  // --- load generator --------------------------------------------------------
  // Authorizations' closed loop uses wrk too, or (without wrk, or with
  // BENCH_AUTH_LOADGEN=worker) the open-loop worker in closed mode; their open
  // loop always uses the worker.
  let load: (s: LoadSpec) => Promise<LoadResult> = async () => { throw new Error('no load generator'); };
  const haveWrk = process.env.BENCH_LOADGEN !== 'autocannon' && (await ensureWrk(log));
  if (haveWrk) {
    load = runWrk;
    report.settings.loadGenerator = `${await wrkVersion()}, ${cfg.threads} threads`;
  } else if (only === 'auth') {
    report.settings.loadGenerator = 'bench/open-loop-worker.ts in closed mode (wrk unavailable)';
  } else if (await loadAutocannon()) {
    log('wrk unavailable: falling back to autocannon (in-process; numbers not comparable with wrk runs)');
    load = runAutocannon;
    report.settings.loadGenerator = 'autocannon (fallback)';
  } else {
    throw new Error('no load generator: install wrk (Debian: apt-get install -y wrk; run this as root to let the script do it), ' +
      'or as a fallback autocannon (npm i --prefix /tmp/ac autocannon, then BENCH_AUTOCANNON=/tmp/ac/node_modules/autocannon)');
  }
  const authWrk = haveWrk && process.env.BENCH_AUTH_LOADGEN !== 'worker' ? runWrk : undefined;
  // Warm-up runs are not in the table, but their errors and orders still count in the checks.
  // settle(): for writes, lets orders still running from the previous run
  // finish first, so that a measurement does not inherit their backlog.
  // during(): runs alongside the measured window only (not the warm-up), e.g. a database sampler.
  const measure = async (spec: Omit<LoadSpec, 'durationS' | 'threads'>, settle: () => Promise<unknown> = async () => {},
    during?: (durationS: number) => Promise<void>) => {
    await settle();
    await waitForQuiet(spec.cpuGroups ?? {}, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
    if (cfg.warmupS > 0) {
      const w = await load({ ...spec, threads: cfg.threads, durationS: cfg.warmupS, runTag: spec.runTag && `${spec.runTag}w` });
      warmups.push(w);
      await settle();
    }
    const [result] = await Promise.all([load({ ...spec, threads: cfg.threads, durationS: cfg.durationS }), during?.(cfg.durationS)]);
    return result;
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

  // Start-up first, on the quiet machine and an empty cluster.
  if (!only) await startup(pg);

  // --- baselines ---------------------------------------------------------------------
  const pgRows = new Map<number, Row>();
  let helloRow: Row | undefined;
  if (!only || only === 'reads') {
    // (a) Fastify hello world
    const helloPort = await freePort();
    const hello = startProcess('hello-world', process.execPath, [join(import.meta.dirname, 'hello-world.mjs')],
      { env: { ...process.env, PORT: String(helloPort) }, cwd: repo, logFile: join(work, 'hello-world.log') });
    const helloUrl = `http://127.0.0.1:${helloPort}/`;
    await waitFor('the hello-world server', 30_000, async () => ((await fetch(helloUrl, { signal: AbortSignal.timeout(2000) })).ok ? true : undefined), hello);
    log(`hello-world: ${cfg.readConnections} connections`);
    helloRow = httpRow('Fastify hello-world GET /', cfg.readConnections,
      await measure({ url: helloUrl, connections: cfg.readConnections, kind: 'get', cpuGroups: { server: [hello.child.pid!], postgres: postgresPids } }));
    await hello.stop();
  }
  if (!only || only === 'topups') {
    // (b) pgbench
    log(`pgbench -i -s ${cfg.pgbenchScale}`);
    await pg.createDatabase('pgbench');
    await pgbenchInit(pg, 'pgbench', cfg.pgbenchScale);
    await pg.sql('pgbench', 'VACUUM ANALYZE');
    await pg.sql('postgres', 'CHECKPOINT');
    for (const clients of cfg.writeConnections) {
      await waitForQuiet({ postgres: postgresPids }, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
      log(`pgbench tpcb-like -c ${clients} -j ${cfg.threads} -T ${cfg.pgbenchS} -M prepared`);
      if (cfg.warmupS > 0) await pgbenchRun(pg, 'pgbench', { clients, threads: cfg.threads, durationS: cfg.warmupS, log: false });
      pgRows.set(clients, pgRow(await pgbenchRun(pg, 'pgbench', { clients, threads: cfg.threads, durationS: cfg.pgbenchS, log: true, cpuGroups: { postgres: postgresPids } })));
    }
    // Start Cardepass with the pgbench writes flushed, so no checkpoint of theirs lands in our windows.
    await pg.sql('postgres', 'CHECKPOINT');
  }

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

  const ratio = (name: string, num: Row, den: Row | undefined, goal: number | null): Ratio => {
    const value = den && den.rate > 0 ? num.rate / den.rate : null;
    return { name, value, goal, met: goal !== null && value !== null && value >= goal, detail: `${num.rate.toFixed(0)} ÷ ${den?.rate.toFixed(0)} at ${num.concurrency}` };
  };

  let spreadCards: SpreadTarget[] | undefined; // the top-ups' 100 cards, for the events section
  let cardId = '';
  let spread: SpreadTarget[] = [];
  // --only growth: the card reads and the spread top-ups, then the same with a million cards and ten
  // million orders bulk-loaded into the database (lib/growth.ts), each figure against its small-database one.
  const growth = only === 'growth';
  if (!only || only === 'reads' || only === 'topups' || growth) {
    await api.call('POST', '/admin/v1/deposits', { customerId: api.customerId, currency: 'USD', amount: '1000000', reference: `bench-${runId}` }, true);
    cardId = await applyCard(api, '100');
    log(`card ${cardId} issued`);
    const setupStart = Date.now();
    spread = await setupSpread(server, api, { customers: cfg.spreadCustomers, cardsPerCustomer: cfg.spreadCardsEach, deposit: '1000000', runId, parallel: cfg.setupParallel });
    log(`${spread.length} cards of ${cfg.spreadCustomers} customers issued in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`);
    spreadCards = spread;
  }

  /** The card reads, one card then spread over the 100 cards; `phase` names the database's size (growth). */
  const cardReads = async (phase: string) => {
    const auth = { Authorization: `Bearer ${api.token}` };
    log(`card reads${phase}: ${cfg.readConnections} connections`);
    const one = httpRow(`Cardepass GET /openapi/v1/cards/{id}${phase}`, cfg.readConnections,
      await measure({ url: `${server.base}/openapi/v1/cards/${cardId}`, connections: cfg.readConnections, kind: 'get', headers: auth, cpuGroups: serverGroups }));
    // The same reads spread over the 100 cards of 10 customers, each with its customer's token.
    log(`card reads over ${spread.length} cards${phase}: ${cfg.readConnections} connections`);
    const spreadRow = httpRow(`Cardepass GET /openapi/v1/cards/{id}, ${spread.length} cards of ${cfg.spreadCustomers} customers${phase}`, cfg.readConnections,
      await measure({ url: `${server.base}/openapi/v1/cards`, connections: cfg.readConnections, kind: 'read', targets: spread, cpuGroups: serverGroups }));
    return { one, spread: spreadRow };
  };

  // --- writes --------------------------------------------------------------------
  // Spread first: it is the scenario of the ratio goal, so it gets the freshest
  // database. Before each run, top-ups still running on any card may finish.
  const allCards = () => [cardId, ...spread.map((t) => t.cardId)];
  const settleAll = () => settleTopups(pg, allCards(), 'earlier top-ups to finish', 60_000, log);
  const topupScenarios = () => [
    { label: `Cardepass POST standard/topup (1.00), ${spread.length} cards of ${cfg.spreadCustomers} customers`, short: `${spread.length} cards`,
      cards: spread.map((t) => t.cardId), spec: { kind: 'topup' as const, targets: spread }, tag: 's', goal: 0.5 as number | null },
    ...(growth ? [] : [{ label: 'Cardepass POST standard/topup (1.00), one card (hot row)', short: 'one card (hot row)',
      cards: [cardId], spec: { kind: 'topup' as const, targets: [{ token: api.token, cardId }] }, tag: 'b', goal: null }]),
  ];
  type Written = ReturnType<typeof topupScenarios>[number] & { before: Map<string, number>; runs: LoadResult[]; rows: Map<number, Row> };
  const written: Written[] = [];
  /** The top-up scenarios at each connection count; runs add up per scenario across phases, for the books at the end. */
  const topups = async (phase: string, tagPrefix: string) => {
    const rowsOfPhase = new Map<string, Map<number, Row>>();
    for (const scenario of topupScenarios()) {
      let s = written.find((w) => w.tag === scenario.tag);
      if (!s) written.push(s = { ...scenario, before: await cardBalances(pg, scenario.cards), runs: [], rows: new Map() });
      const warmupsBefore = warmups.length;
      const rows = new Map<number, Row>();
      for (const c of cfg.writeConnections) {
        log(`top-ups, ${s.short}${phase}: ${c} connections`);
        const runTag = `${tagPrefix}${s.tag}${runId}c${c}`;
        const settleAndReset = async () => { await settleAll(); if (statementStats) await resetStatements(pg, 'cardepass'); };
        const sampleDuring = waitSampling ? async (durationS: number) => {
          const lines = await sampleWaits(pg, 'cardepass', durationS);
          report.diagnostics.push(`${s.short}${phase} @${c}, PostgreSQL client backends during the measurement (pg_stat_activity every 10 ms):\n${lines.map((l) => `  - ${l}`).join('\n')}`);
        } : undefined;
        const r = await measure({ ...s.spec, url: `${server.base}/openapi/v1/orders/standard/topup`, connections: c, runTag, cpuGroups: serverGroups }, settleAndReset, sampleDuring);
        if (statementStats) report.diagnostics.push(`${s.short}${phase} @${c}, pg_stat_statements after the measurement:\n${(await topStatements(pg, 'cardepass')).map((l) => `  - ${l}`).join('\n')}`);
        s.runs.push(r);
        const notCompleted = r.ok - r.completed;
        await settleAll();
        const batches = await topupBatches(pg, runTag);
        rows.set(c, httpRow(`${s.label}${phase}`, c, r, notCompleted ? `${notCompleted} 2xx answers were not Completed; first: ${r.firstOther}` : undefined));
        report.diagnostics.push(`${s.label}${phase} @${c}: ${batches}`);
        log(`  ${batches}`);
      }
      s.runs.push(...warmups.slice(warmupsBefore));
      if (!phase) s.rows = rows;
      rowsOfPhase.set(s.tag, rows);
    }
    return rowsOfPhase;
  };
  /** The books of every top-up run so far: each card's balance against its Completed orders. */
  const topupBooksChecks = async () => {
    log('waiting for top-up orders to settle');
    await settleTopups(pg, allCards(), 'top-up orders to settle', 90_000, log);
    for (const s of written) report.checks.push(...topupChecks(s.short, s.runs, await topupBooks(pg, s.before)));
  };

  if (!only || only === 'reads') {
    const reads = await cardReads('');
    report.ratios.push(ratio('card reads ÷ hello-world', reads.one, helloRow, 0.33));
    report.ratios.push(ratio(`card reads over ${spread.length} cards ÷ hello-world`, reads.spread, helloRow, null));
  }
  if (!only || only === 'topups') {
    await topups('', '');
    await topupBooksChecks();
    // Only the spread scenario has a goal; the hot row is shown for what it says about one account's limit.
    for (const s of written) {
      for (const c of cfg.writeConnections) report.ratios.push(ratio(`top-ups/s ÷ pgbench TPS, ${s.short}`, s.rows.get(c)!, pgRows.get(c), s.goal));
    }
  }
  if (growth) {
    const small = { reads: await cardReads(''), topups: await topups('', '') };
    const loaded = await bulkLoad(pg, 'cardepass', GROWTH, log);
    report.diagnostics.push(...loaded.diagnostics);
    report.settings.growth = loaded.summary;
    await resetIndexStats(pg, 'cardepass');
    const phase = `, ${loaded.label}`;
    const large = { reads: await cardReads(phase), topups: await topups(phase, 'g') };
    report.diagnostics.push(await indexUse(pg, 'cardepass'));
    await topupBooksChecks();
    const within = (name: string, big: Row, base: Row) => report.ratios.push(ratio(`${name}: ${loaded.label} ÷ small database`, big, base, GROWTH.goal));
    within('card reads', large.reads.one, small.reads.one);
    within(`card reads over ${spread.length} cards`, large.reads.spread, small.reads.spread);
    for (const c of cfg.writeConnections) within(`top-ups, ${spread.length} cards`, large.topups.get('s')!.get(c)!, small.topups.get('s')!.get(c)!);
  }

  // --- events: the top-ups with and without the event triggers ----------------------------
  // About 11 minutes: in the full run only with BENCH_EVENTS=1, so the full run keeps its length.
  if (only === 'events' || (!only && process.env.BENCH_EVENTS === '1')) {
    if (!spreadCards) {
      const t = Date.now();
      spreadCards = await setupSpread(server, api, { customers: cfg.spreadCustomers, cardsPerCustomer: cfg.spreadCardsEach, deposit: '1000000', runId, parallel: cfg.setupParallel });
      log(`${spreadCards.length} cards of ${cfg.spreadCustomers} customers issued in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const cards = spreadCards.map((x) => x.cardId);
    const e = await runEventsCost({ pg, server, targets: spreadCards, connections: cfg.writeConnections, repetitions: cfg.eventsRepetitions, fanout: true, runId,
      cpuGroups: serverGroups, measure, settle: () => settleTopups(pg, cards, 'earlier top-ups to finish', 60_000, log), row: httpRow, warmups, log });
    report.events = e.summary;
    report.ratios.push(...e.ratios);
    report.checks.push(...e.checks);
    report.diagnostics.push(...e.diagnostics);
    report.settings.events = `on/off/fan-out interleaved, ${cfg.eventsRepetitions} turns each at ${cfg.writeConnections.join(' and ')} connections`;
  }

  // --- authorizations (see the function below) -------------------------------------------
  if (!only || only === 'auth') await authorizations(server, api, serverGroups, authWrk);

  // --- soak: mixed load for five minutes, memory sampled ------------------------------------
  if (only === 'soak') {
    const standard = await setupSpread(server, api, { customers: cfg.spreadCustomers, cardsPerCustomer: cfg.spreadCardsEach, deposit: '1000000', runId, parallel: cfg.setupParallel });
    const shareBalance = await setupSpread(server, api, { customers: cfg.authSpreadCustomers, cardsPerCustomer: cfg.authSpreadCardsEach, deposit: cfg.authSpreadDeposit,
      runId, parallel: cfg.setupParallel, apply: (a, no) => applyShareBalanceCard(a, cfg.authMaxAuthAmount, no), namePrefix: 'auth-' });
    await waitForQuiet(serverGroups, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
    const soak = await runSoak({ pg, base: server.base, standard, shareBalance, durationS: cfg.soakS, connectionsEach: cfg.soakConnectionsEach, threads: 1,
      runId, authAmountMinor: cfg.authAmountMinor, serverPids: () => processTree(server.proc.child.pid!), cpuGroups: serverGroups, load: runWrk, log });
    for (const r of soak.runs) httpRow(r.label, cfg.soakConnectionsEach, r.result);
    report.checks.push(...soak.checks);
    report.diagnostics.push(soak.summary);
    report.settings.soak = `${cfg.soakS} s; reads, top-ups and authorizations at once, ${cfg.soakConnectionsEach} connections and 1 wrk thread each`;
  }

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

  // --- authorizations ----------------------------------------------------------------
  // (a) spread: ShareBalance cards of many customers; (b) hot account: as
  // many ShareBalance cards of one customer, all holding on its one funding
  // account. Closed loop at each connection count (wrk, or the open-loop
  // worker in closed mode without it), the best rate of each being its
  // maximum; then (c) open loop at a fixed arrival rate of half of each
  // maximum. Both scenarios use the same card model, card count and code
  // path, so their ratio shows what the one hot funding account costs.
  async function authorizations(server: Server, admin: Api, serverGroups: CpuGroups, wrk: typeof runWrk | undefined): Promise<void> {
    const url = `${server.base}/openapi/v1/simulate/authorize`;
    const apply = (api: Api, no: string) => applyShareBalanceCard(api, cfg.authMaxAuthAmount, no);
    const t = Date.now();
    const spread = await setupSpread(server, admin, { customers: cfg.authSpreadCustomers, cardsPerCustomer: cfg.authSpreadCardsEach, deposit: cfg.authSpreadDeposit,
      runId, parallel: cfg.setupParallel, apply, namePrefix: 'auth-' });
    const hot = await setupSpread(server, admin, { customers: 1, cardsPerCustomer: cfg.authHotCards, deposit: cfg.authHotDeposit,
      runId, parallel: cfg.setupParallel, apply, namePrefix: 'hot-' });
    log(`authorizations: ${spread.length} ShareBalance cards of ${cfg.authSpreadCustomers} customers and ${hot.length} of one customer issued in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    report.settings.authServer = `CARDEPASS_AUTH_BATCH_MAX=200, CARDEPASS_AUTH_BATCH_CONCURRENCY=2 (defaults)${process.env.BENCH_SERVER_ENV ? `; BENCH_SERVER_ENV=${process.env.BENCH_SERVER_ENV}` : ''}`;
    report.settings.authClosedLoop = wrk ? 'wrk, bench/wrk/authorize.lua' : `bench/open-loop-worker.ts in closed mode, ${cfg.threads} processes`;
    report.settings.authOpenLoop = `${cfg.openLoopArrival} arrivals at ${cfg.openLoopFraction * 100}% of each maximum, ${cfg.openLoopS} s after a ${cfg.warmupS} s warm-up`;

    // Closed loop: wrk with bench/wrk/authorize.lua, or the worker in closed mode.
    const closed = async (targets: SpreadTarget[], connections: number, durationS: number, runTag: string): Promise<LoadResult> => {
      if (wrk) return wrk({ url, kind: 'authorize', connections, threads: cfg.threads, durationS, targets, runTag, amountMinor: cfg.authAmountMinor, cpuGroups: serverGroups });
      return genAsLoad(await runGenerator({ url, kind: 'authorize', mode: 'closed', connections, warmupS: 0, durationS, targets, runTag, amountMinor: cfg.authAmountMinor, workers: cfg.threads, cpuGroups: serverGroups }));
    };
    const seenOf = (r: LoadResult): Partial<SeenAuth> => ({ ...r.auth, ok: r.ok, non2xx: r.non2xx, errors: r.socketErrors, unanswered: Math.max(0, r.sent - r.ok - r.non2xx) });

    const scenarios = [
      { label: `Cardepass POST simulate/authorize, ${spread.length} ShareBalance cards of ${cfg.authSpreadCustomers} customers`, short: 'authorizations, spread',
        targets: spread, tag: 'as', seen: noneSeen(), best: undefined as Row | undefined, open: undefined as GenResult | undefined, openRow: undefined as Row | undefined },
      { label: `Cardepass POST simulate/authorize, ${hot.length} ShareBalance cards of one customer (hot account)`, short: 'authorizations, hot account',
        targets: hot, tag: 'ah', seen: noneSeen(), best: undefined as Row | undefined, open: undefined as GenResult | undefined, openRow: undefined as Row | undefined },
    ];
    for (const s of scenarios) {
      await waitForQuiet(serverGroups, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
      if (cfg.warmupS > 0) {
        const w = await closed(s.targets, cfg.authConnections[0]!, cfg.warmupS, `${s.tag}${runId}w`);
        warmups.push(w);
        s.seen = addSeen(s.seen, seenOf(w));
      }
      for (const c of cfg.authConnections) {
        await waitForQuiet(serverGroups, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
        log(`${s.short}: ${c} connections, closed loop`);
        const tag = `${s.tag}${runId}c${c}`;
        const r = await closed(s.targets, c, cfg.durationS, tag);
        s.seen = addSeen(s.seen, seenOf(r));
        const a = r.auth;
        const batches = formatBatches(await batchStats(pg, tag));
        log(`  ${batches}`);
        const row = httpRow(s.label, c, r, `${batches}${a && (a.declined || a.other) ? `; ${a.declined} declined, ${a.other} other 2xx; first other: ${r.firstOther ?? '–'}` : ''}`);
        if (!s.best || row.rate > s.best.rate) s.best = row;
      }
    }

    // (c) open loop at a fixed fraction of each maximum.
    for (const s of scenarios) {
      const rate = Math.max(1, Math.round(s.best!.rate * cfg.openLoopFraction));
      await waitForQuiet(serverGroups, { maxWaitS: cfg.quietWaitS, thresholdPct: cfg.quietPct, log });
      log(`${s.short}: open loop, ${cfg.openLoopArrival} arrivals at ${rate}/s (${cfg.openLoopFraction * 100}% of ${s.best!.rate.toFixed(0)}/s) for ${cfg.openLoopS} s`);
      const spec: GenSpec = { url, kind: 'authorize', mode: 'open', arrival: cfg.openLoopArrival, rate, connections: 16, maxConnections: 512,
        warmupS: cfg.warmupS, durationS: cfg.openLoopS, targets: s.targets, runTag: `${s.tag}${runId}o`, amountMinor: cfg.authAmountMinor,
        warmPath: '/openapi/v1/ping', cpuGroups: serverGroups };
      if (statementStats) await resetStatements(pg, 'cardepass');
      const loopLag = await eventLoopWindow(server.base);
      const r = await runGenerator(spec);
      const lag = await loopLag();
      if (statementStats) report.diagnostics.push(`${s.short}, open loop, pg_stat_statements after the measurement:\n${(await topStatements(pg, 'cardepass')).map((l) => `  - ${l}`).join('\n')}`);
      const batches = `${formatBatches(await batchStats(pg, spec.runTag!))}; ${lag}`;
      log(`  ${batches}`);
      s.open = r;
      s.seen = addSeen(s.seen, { ...r.all, unanswered: r.all.sent - r.all.answered });
      // The warm-up's errors count in the "no non-2xx" check like the closed-loop warm-ups.
      warmups.push({ ...genAsLoad(r), non2xx: r.all.non2xx - r.measured.non2xx, socketErrors: r.all.errors - r.measured.errors });
      s.openRow = genRow(s.label + `, open loop at ${cfg.openLoopFraction * 100}% of max`, r, `${batches} (warm-up included)`);
      report.checks.push({ name: `${s.short}: open-loop generator kept its schedule`, ok: !r.behind,
        detail: `${r.measured.sent} requests at ${r.sentRate.toFixed(1)}/s (asked ${rate}/s); send lag p50 ${r.sendLag!.p50Ms.toFixed(2)} ms, p99 ${r.sendLag!.p99Ms.toFixed(2)} ms, ` +
          `max ${r.sendLag!.maxMs.toFixed(1)} ms; ${r.measured.late1ms} sent > 1 ms late; ${r.waitedForConnection} waited for a connection; ` +
          `${r.connectionsOpened} connections${r.behind ? `; ${r.behind}` : ''}` });
    }

    // What PostgreSQL did in the background (candidates for a slow second in the per-second notes).
    const bg = await pg.sql('cardepass', `SELECT relname || ': autovacuum ' || autovacuum_count || coalesce(' (last ' || to_char(last_autovacuum AT TIME ZONE 'UTC', 'HH24:MI:SS') || ')', '') ||
      ', autoanalyze ' || autoanalyze_count || coalesce(' (last ' || to_char(last_autoanalyze AT TIME ZONE 'UTC', 'HH24:MI:SS') || ')', '')
      FROM pg_stat_user_tables WHERE relname IN ('card_transactions', 'ledger_accounts', 'cards') ORDER BY relname`);
    const ckpt = await pg.sql('postgres', "SELECT checkpoints_timed || ' timed, ' || checkpoints_req || ' requested' FROM pg_stat_bgwriter");
    report.diagnostics.push(`PostgreSQL background work during the run (UTC): ${bg.split('\n').join('; ')}; checkpoints: ${ckpt}`);

    // --- books: every approval is a hold on its funding account ---
    for (const s of scenarios) {
      const b = await authBooks(pg, [...new Set(s.targets.map((x) => x.customerId))], s.targets.map((x) => x.cardId));
      report.checks.push(...authChecks(s.short, s.seen, b, cfg.authAmountMinor[1]));
    }
    // The hot account as its owner sees it: GET /v1/accounts.
    const accounts = await (await fetch(`${server.base}/openapi/v1/accounts`, { headers: { authorization: `Bearer ${hot[0]!.token}` } })).json() as { data: Array<{ currency: string; amount: number; heldAmount: number }> };
    const usdAccount = accounts.data.find((a) => a.currency === 'USD');
    const hs = scenarios[1]!.seen;
    const heldCents = usdAccount ? cents(usdAccount.heldAmount) : NaN;
    report.checks.push({ name: 'hot account: GET /v1/accounts heldAmount = approvals seen', ok: heldCents >= hs.approvedMinor && heldCents <= hs.approvedMinor + hs.unanswered * cfg.authAmountMinor[1] && (usdAccount?.amount ?? -1) >= 0,
      detail: `heldAmount ${usdAccount?.heldAmount} USD, available ${usdAccount?.amount} USD; approvals seen ${(hs.approvedMinor / 100).toFixed(2)} USD + at most ${hs.unanswered} unanswered at wrk's cutoff` });

    // --- ratios ---
    const [a, b] = scenarios as [typeof scenarios[0], typeof scenarios[0]];
    report.ratios.push({ name: 'authorizations/s, hot account ÷ spread (best of each)', value: b.best!.rate / a.best!.rate, goal: cfg.authHotGoal,
      met: b.best!.rate / a.best!.rate >= cfg.authHotGoal, detail: `${b.best!.rate.toFixed(0)} at ${b.best!.concurrency} ÷ ${a.best!.rate.toFixed(0)} at ${a.best!.concurrency}` });
    for (const s of scenarios) {
      const p99 = s.open!.latency.p99Ms;
      report.ratios.push({ name: `authorization p99 ms at ${cfg.openLoopFraction * 100}% of max, ${s === a ? 'spread' : 'hot account'} (open loop)`, value: p99,
        goal: cfg.authP99GoalMs, atMost: true, met: p99 <= cfg.authP99GoalMs,
        detail: `${s.open!.targetRate}/s ${cfg.openLoopArrival}; p50 ${s.open!.latency.p50Ms.toFixed(2)}, p99.9 ${s.open!.latency.p999Ms.toFixed(2)}, max ${s.open!.latency.maxMs.toFixed(1)} ms` });
    }
  }
}

/** A closed-loop run of the worker, in the shape of a wrk result. */
function genAsLoad(r: GenResult): LoadResult {
  const m = r.measured;
  return {
    tool: r.tool, requests: m.answered, durationS: r.durationS, rps: r.throughput, avgMs: r.latency.meanMs, p50Ms: r.latency.p50Ms, p99Ms: r.latency.p99Ms,
    p999Ms: r.latency.p999Ms, maxMs: r.latency.maxMs, ok: r.all.ok, non2xx: r.all.non2xx, socketErrors: r.all.errors, sent: r.all.sent, completed: r.all.approved,
    firstBad: r.firstBad, firstOther: r.firstOther, cpu: r.cpu,
    auth: { approved: r.all.approved, declined: r.all.declined, other: r.all.other, approvedMinor: r.all.approvedMinor, declineReasons: r.all.declineReasons },
  };
}

/** An open-loop run as a report row: latency from the scheduled times; rate = answers per second in the window. */
function genRow(scenario: string, r: GenResult, extra?: string): Row {
  const m = r.measured;
  const lag = r.sendLag!;
  let note = `${r.tool}, ${r.targetRate}/s ${cfg.openLoopArrival}; latency from each request's scheduled time; ${extra ? `${extra}; ` : ''}` +
    `send lag p99 ${lag.p99Ms.toFixed(2)} ms, ${m.late1ms} of ${m.sent} sent > 1 ms late; up to ${r.maxInFlight} in flight on ${r.connectionsOpened} connections; ` +
    `approved ${m.approved}, declined ${m.declined}${m.declined ? ` (${Object.entries(m.declineReasons).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}` +
    `; per second from ${new Date(r.measureStartEpochMs).toISOString().slice(11, 23)} UTC (answers/p99 ms/max ms): ${formatTimeline(r)}`;
  if (r.behind) note = `NOT VALID: ${r.behind}; ${note}`;
  note = noiseNote(scenario, `${r.targetRate}/s`, r.cpu, note)!;
  const row: Row = { scenario, concurrency: r.maxInFlight, load: `open ${r.targetRate}/s`, rate: r.throughput, unit: 'req/s', avgMs: r.latency.meanMs,
    p50Ms: r.latency.p50Ms, p99Ms: r.latency.p99Ms, p999Ms: r.latency.p999Ms, errors: m.non2xx, socketErrors: m.errors, total: m.answered, cpu: r.cpu, note };
  report.rows.push(row);
  log(`${scenario} @${r.targetRate}/s: ${r.throughput.toFixed(1)} req/s answered, p50 ${r.latency.p50Ms.toFixed(2)} ms, p99 ${r.latency.p99Ms.toFixed(2)} ms, ` +
    `p99.9 ${r.latency.p999Ms.toFixed(2)} ms, max ${r.latency.maxMs.toFixed(1)} ms; send lag p99 ${lag.p99Ms.toFixed(2)} ms, ${m.late1ms} late > 1 ms; ` +
    `non-2xx ${m.non2xx}, errors ${m.errors}; CPU ${formatCpu(r.cpu)}${r.behind ? `; ${r.behind}` : ''}`);
  log(`  per second from ${new Date(r.measureStartEpochMs).toISOString().slice(11, 23)} UTC (answers/p99/max ms): ${formatTimeline(r)}`);
  if (r.firstBad) log(`  first non-2xx: ${r.firstBad}`);
  return row;
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
// The issue's memory bound: the platform's server (its process tree) under every load of the run.
const MAX_SERVER_RSS_MB = 300;
const measuredRss = report.rows.filter((r) => r.scenario.startsWith('Cardepass') && r.cpu?.serverPeakRssMb !== undefined);
if (measuredRss.length) {
  const peak = measuredRss.reduce((a, r) => (r.cpu!.serverPeakRssMb! > a.cpu!.serverPeakRssMb! ? r : a));
  report.checks.push({ name: `server peak RSS ≤ ${MAX_SERVER_RSS_MB} MiB in every scenario`, ok: peak.cpu!.serverPeakRssMb! <= MAX_SERVER_RSS_MB,
    detail: `highest ${peak.cpu!.serverPeakRssMb} MiB (${peak.scenario} @${peak.load ?? peak.concurrency}); sampled every 250 ms in each measurement window` });
}
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
console.log(writeReport(join(import.meta.dirname, 'results'), report, only ? `only-${only}` : 'latest'));
process.exit(exitCode);
