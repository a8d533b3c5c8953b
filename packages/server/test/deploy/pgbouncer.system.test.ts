// Can Cardepass run behind PgBouncer? The hot paths (order accept/finish, the
// authorization engine's batches) use NAMED prepared statements, prepared
// once per connection (db/store.ts). PgBouncer in transaction mode hands a
// client a different server connection per transaction, so a name prepared on
// one server connection is unknown on the next — unless PgBouncer itself
// tracks prepared statements, which it does from 1.21 (max_prepared_statements).
// This test runs real money traffic through the PgBouncer this machine has
// (Debian bookworm: 1.18) and states what happens, in every mode an operator
// could choose. It starts its own PostgreSQL, so it runs alike in both projects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startCluster, type Cluster } from '../pg-cluster.ts';
import { openStore } from '../../src/db/store.ts';
import { verifyLedger } from '../../src/services/ledger/verify.ts';
import { pgBouncerVersion, startPgBouncer, supportsPreparedStatements, type PgBouncer, type PgBouncerOptions } from './pgbouncer.ts';
import { newInstallationKeys, platformOverUrl } from './platform-over-url.ts';
import { moneyWorkload, openCard, succeeded, type WorkloadResult } from './pgbouncer-workload.ts';

const PREPARED_STATEMENT_ERROR = /prepared statement "s_[\w-]+" (does not exist|already exists)/;

describe('PgBouncer', { timeout: 180_000 }, () => {
  let cluster: Cluster;
  const bouncers: PgBouncer[] = [];
  beforeAll(async () => { cluster = await startCluster(); }, 180_000);
  afterAll(async () => {
    for (const bouncer of bouncers) await bouncer.stop();
    await cluster?.stop();
  });

  async function newDatabase(): Promise<string> {
    const name = `b_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try { await admin.query(`CREATE DATABASE ${name}`); } finally { await admin.end(); }
    return name;
  }

  /** The workload through a PgBouncer in `mode`; the books checked on a direct connection afterwards. */
  async function runThrough(options: PgBouncerOptions, preparedStatements = true) {
    const bouncer = await startPgBouncer(cluster.url, options);
    bouncers.push(bouncer);
    const database = await newDatabase();
    const directUrl = new URL(`/${database}`, cluster.url).toString();
    // Products, customer and card through a direct connection: what is under test is the traffic after.
    const keys = newInstallationKeys();
    const setup = await platformOverUrl(directUrl, 2, keys, { products: true });
    const { token, cardId } = await openCard(setup).finally(() => setup.close());
    // The app's pool is larger than PgBouncer's server pool, as in production (many processes, few server connections).
    const platform = await platformOverUrl(bouncer.url(database), 6, keys, { preparedStatements });
    let result: WorkloadResult;
    try {
      result = await moneyWorkload(platform, token, cardId, options.poolMode);
    } finally {
      await platform.close();
    }
    const direct = await openStore({ databaseUrl: directUrl, poolSize: 2 });
    try {
      const ledger = await verifyLedger(direct);
      const authorizations = await direct.query<{ n: number }>(`SELECT count(*)::int AS n FROM card_transactions WHERE card_id = $1`, [result.cardId]);
      const topups = await direct.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE card_id = $1 AND order_type = 'CardTopUp' AND status = 'Completed'`, [result.cardId]);
      return { bouncer, result, ledger, authorizations: authorizations.rows[0]!.n, topups: topups.rows[0]!.n, loggedErrors: platform.loggedErrors };
    } finally {
      await direct.close();
    }
  }

  function failures(run: { result: WorkloadResult }) {
    return run.result.replies.filter((entry) => !succeeded(entry));
  }
  /** Whatever happened to each request, the books are whole and say exactly what the replies said. */
  function expectBooksMatchReplies(run: Awaited<ReturnType<typeof runThrough>>) {
    expect(run.ledger.problems).toEqual([]);
    expect(run.ledger.ok).toBe(true);
    const ok = run.result.replies.filter(succeeded);
    expect(run.authorizations).toBe(ok.filter((entry) => entry.kind === 'authorize').length);
    expect(run.topups).toBe(ok.filter((entry) => entry.kind === 'topup').length);
  }

  it(`transaction pool mode: ${supportsPreparedStatements(pgBouncerVersion()) ? 'works with max_prepared_statements' : 'named prepared statements fail (PgBouncer < 1.21)'}`, async () => {
    const version = pgBouncerVersion();
    if (supportsPreparedStatements(version)) {
      // 1.21+: PgBouncer prepares each client's named statements on whichever server connection it lends.
      const run = await runThrough({ poolMode: 'transaction', serverPoolSize: 2, maxPreparedStatements: 200 });
      expect(failures(run)).toEqual([]);
      expect(run.loggedErrors).toEqual([]);
      expectBooksMatchReplies(run);
      return;
    }
    const run = await runThrough({ poolMode: 'transaction', serverPoolSize: 2 });
    const failed = failures(run);
    // How it fails: a statement name prepared by one client is found (or missing) on a server connection
    // another client prepared it on. The client sees a 500 and the log names the cause.
    expect(failed.length, 'requests failed through transaction pooling').toBeGreaterThan(0);
    for (const entry of failed) {
      const { status, body } = entry.reply;
      // Either the request's own statement failed (500), or a top-up was accepted and then its execution
      // failed: it answers Processing after the order wait and its job stays for a worker to retry.
      const stuckTopUp = entry.kind === 'topup' && status === 200 && body.data?.status === 'Processing';
      if (!stuckTopUp) expect({ status, body }, JSON.stringify(body)).toMatchObject({ status: 500, body: { hasError: true, errorCode: 'INTERNAL_ERROR' } });
    }
    expect(run.loggedErrors.length).toBeGreaterThan(0);
    for (const message of run.loggedErrors) expect(message, run.loggedErrors.join('\n')).toMatch(PREPARED_STATEMENT_ERROR);
    // Top-ups (order accept and finish) fail; the engine's batches use the same named statements.
    expect(failed.some((entry) => entry.kind === 'topup')).toBe(true);
    // No money is lost or made up: every failure rolled back whole.
    expectBooksMatchReplies(run);
  });

  it('transaction pool mode works on any version with CARDEPASS_DB_PREPARED_STATEMENTS=false (unnamed statements)', async () => {
    const run = await runThrough({ poolMode: 'transaction', serverPoolSize: 2 }, false);
    expect(failures(run)).toEqual([]);
    expect(run.loggedErrors).toEqual([]);
    expect(run.result.replies.length).toBeGreaterThan(40);
    expectBooksMatchReplies(run);
  });

  it('session pool mode works on any version: every top-up completes, every authorization is decided', async () => {
    const run = await runThrough({ poolMode: 'session', serverPoolSize: 6 });
    expect(failures(run)).toEqual([]);
    expect(run.loggedErrors).toEqual([]);
    expect(run.result.replies.length).toBeGreaterThan(40);
    expectBooksMatchReplies(run);
  });
});
