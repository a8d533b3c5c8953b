// The crash test: two API processes and a worker on one PostgreSQL, under
// concurrent top-ups, withdrawals and authorizations, while one process after
// another is killed with SIGKILL and started again. Clients retry with the
// same idempotency key until they get a definitive answer. Afterwards nothing
// acknowledged may be lost or doubled and the books must balance to the cent
// (DESIGN.md: "A crash between steps loses nothing: jobs are retried, and
// each step is idempotent"). Real processes, real HTTP, real SIGKILL.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '@cardepass/server';
import { freePort } from '../../packages/server/test/pg-cluster.ts';
import { testDatabaseUrl } from '../../packages/server/test/database.ts';
import { checkBooks } from './crash-books.ts';
import { newStats } from './crash-client.ts';
import { acknowledgedAuthorizations, acknowledgedOrders, runLoad } from './crash-load.ts';
import { PlatformSlot, platformEnv } from './crash-processes.ts';
import { openAccount } from './crash-setup.ts';

const CHAOS_MS = 30_000;
// A kill every few seconds, rotating over api-1, the worker and api-2, whether or not the victim has
// finished starting (a kill during start-up is a crash too). An API process is killed only while the
// other one is ready, so one always serves: the clients' retries are bounded in time, not left to luck.
const KILL_EVERY_MS = 3000;
// Generous: a start from the sources costs seconds of CPU, and CI runs another suite beside this one.
const START_TIMEOUT_MS = 90_000;
const SETTLE_TIMEOUT_MS = 30_000;

const slots: PlatformSlot[] = [];
const testStart = Date.now();
// Progress with elapsed seconds: on a slow machine it shows where the time went.
const phase = (what: string) => console.log(`[crash ${((Date.now() - testStart) / 1000).toFixed(1)} s] ${what}`);
let dataDir = '';

afterAll(async () => {
  await Promise.all(slots.map((s) => s.kill()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Polls the database until no order is Processing; returns how long that took. */
async function settle(databaseUrl: string, timeout_ms: number): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE status = 'Processing'`);
      if (Number(rows[0]!.n) === 0) return Date.now() - started;
      if (Date.now() - started > timeout_ms) throw new Error(`${rows[0]!.n} orders still Processing after ${timeout_ms} ms`);
      await sleep(250);
    }
  } finally {
    await db.end();
  }
}

describe('crash test: SIGKILL of API and worker processes under load', () => {
  it('loses nothing acknowledged, doubles nothing, and the books balance', async () => {
    const databaseUrl = (await testDatabaseUrl())!;
    const runId = randomBytes(4).toString('hex');
    dataDir = mkdtempSync(join(tmpdir(), 'cardepass-crash-'));
    const adminKey = `cdpadm_${randomBytes(32).toString('base64url')}`;
    const env = platformEnv({
      DATABASE_URL: databaseUrl, CARDEPASS_DATA_DIR: dataDir, CARDEPASS_SEED: 'false', LOG_LEVEL: 'warn',
      CARDEPASS_DATA_KEY: randomBytes(32).toString('base64'), CARDEPASS_ADMIN_KEY: adminKey,
      // Orders spend 100 ms in the channel and answers wait only 50 ms: kills land between accept and finish.
      CARDEPASS_CHANNEL_LATENCY_MS: '100', CARDEPASS_ORDER_WAIT_MS: '50',
      // A killed worker's jobs are taken over 2 s later, not after the default 30 s.
      CARDEPASS_JOB_LEASE_MS: '2000', CARDEPASS_WORKER_POLL_MS: '100',
      CARDEPASS_RATE_LIMIT_RPS: '0', CARDEPASS_DB_POOL_SIZE: '5', CARDEPASS_SHUTDOWN_TIMEOUT_MS: '5000',
    });
    const [api1, api2] = [new PlatformSlot('api-1', 'api', await freePort(), env), new PlatformSlot('api-2', 'api', await freePort(), env)];
    const worker = new PlatformSlot('worker', 'worker', null, env);
    slots.push(api1, api2, worker);
    const startAll = async (which: PlatformSlot[]) => {
      for (const s of which) s.start();
      await Promise.all(which.map((s) => s.waitReady(START_TIMEOUT_MS)));
    };
    phase('starting api-1, api-2 and the worker');
    await startAll(slots);
    phase('all ready; opening the account');

    const product = DEMO_PRODUCTS[0]!;
    const account = await openAccount({ base: api1.base, adminKey, runId, product, deposit: '100000', standardCards: 4, standardTopUp: '200', shareCards: 4 });
    const bases = [api1.base, api2.base];

    phase('account open; chaos begins');
    // --- chaos: load on both API processes while processes are killed in turn ---
    const stats = newStats();
    let stopped = false;
    const chaosStart = Date.now();
    const load = runLoad({ bases, token: account.token, standardCards: account.standardCards, shareCards: account.shareCards,
      orderLoops: 3, authorizationLoops: 2, pause_ms: [20, 80], runId, stats, stopped: () => stopped });
    const rotation = [api1, worker, api2];
    let kills = 0;
    while (Date.now() - chaosStart < CHAOS_MS - KILL_EVERY_MS) {
      await sleep(KILL_EVERY_MS);
      let victim = rotation[kills % rotation.length]!;
      const otherApi = victim === api1 ? api2 : api1;
      if (victim.role === 'api' && !otherApi.ready) victim = worker;
      const wasReady = victim.ready;
      await victim.kill();
      kills++;
      victim.start();
      // Not awaited: the next kill comes on time. A process killed again before it was ready rejects here.
      victim.waitReady(START_TIMEOUT_MS).catch(() => {});
      phase(`killed ${victim.name}${wasReady ? '' : ' (still starting)'}; restarting it`);
    }
    await sleep(Math.max(0, CHAOS_MS - (Date.now() - chaosStart)));
    const killsDuringStartup = slots.reduce((n, s) => n + s.killsDuringStartup, 0);
    stopped = true;
    const record = await load;
    const chaos_ms = Date.now() - chaosStart;

    // --- calm: every process stopped cleanly (SIGTERM), an API process and the worker started again,
    // every order finished. (One API process is enough to read the books, and each start costs seconds of CPU.)
    phase(`chaos over; ${record.orders.length} orders and ${record.authorizations.length} authorizations sent; clean restart`);
    await Promise.all(slots.map((s) => s.stop()));
    await startAll([api2, worker]);
    const settle_ms = await settle(databaseUrl, SETTLE_TIMEOUT_MS);
    phase('no order Processing; checking the books');
    const fees = product.fees!;
    const books = await checkBooks({
      base: api2.base, token: account.token, adminKey, databaseUrl, customerId: account.customerId, runId,
      depositedCents: account.depositedCents, standardCards: account.standardCards,
      topUpFeePercent: Number(fees.CARD_TOPUP!.percent), withdrawFeeCents: Math.round(Number(fees.CARD_WITHDRAW!.fixedValue) * 100), record,
    });

    const ackOrders = acknowledgedOrders(record);
    const ackAuths = acknowledgedAuthorizations(record);
    const inFlightAtAnswer = ackOrders.filter((o) => o.answer.data.status === 'Processing').length;
    const replayed = [...ackOrders, ...ackAuths].filter((x) => x.answer.replayed).length;
    console.log([
      `crash test: ${(chaos_ms / 1000).toFixed(1)} s of chaos, ${kills} kills (${slots.map((s) => `${s.name} ${s.kills}`).join(', ')}; ` +
        `${killsDuringStartup} during start-up)`,
      `  requests sent ${stats.sent} (${stats.retries} retries: ${JSON.stringify(stats.retryCauses)}), unanswered after retries ${stats.unanswered}`,
      `  orders: ${record.orders.length} keys, ${ackOrders.length} acknowledged (${inFlightAtAnswer} answered Processing), ` +
        `${books.completed} completed and ${books.failed} failed in all; refusals ${JSON.stringify(stats.refusals)}`,
      `  authorizations: ${record.authorizations.length} keys, ${ackAuths.length} acknowledged, ${(books.heldCents / 100).toFixed(2)} USD held`,
      `  answers that were replays of an earlier attempt: ${replayed}; settled ${settle_ms} ms after the clean restart`,
      `  lost ${books.lost}, doubled ${books.doubled}, problems ${books.problems.length}`,
    ].join('\n'));

    expect(books.problems).toEqual([]);
    expect(books.lost).toBe(0);
    expect(books.doubled).toBe(0);
    expect(stats.unanswered).toBe(0);
    // The chaos really happened: every kind of process died, requests were cut off, work was done throughout.
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(worker.kills).toBeGreaterThanOrEqual(1);
    expect(stats.retries).toBeGreaterThan(0);
    expect(ackOrders.length).toBeGreaterThan(30);
    expect(ackAuths.length).toBeGreaterThan(30);
  }, 300_000);
});
