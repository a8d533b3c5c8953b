// GET /readyz on the test database: ready when every migration the code ships
// is applied, 503 naming the pending ones when not, outside the base path and
// the envelope. (A database that goes away and comes back: readyz-recovery.test.ts.)
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/harness.ts';
import { testDatabaseUrl } from '../../test/database.ts';
import { openStore } from '../db/store.ts';
import { MIGRATIONS } from '../db/migrate.ts';
import { checkReadiness } from './readiness.ts';

// Generous limits: a PGlite start is CPU-bound and these suites share 2 cores with everything else.
describe('GET /readyz', { timeout: 120_000 }, () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); }, 180_000);
  afterAll(async () => { await p?.close(); });
  const readyz = () => p.app.inject({ method: 'GET', url: '/readyz' });

  it('answers 200 ready on a migrated database, without the envelope', async () => {
    const response = await readyz();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 naming the migration the database lacks, and 200 again once it is applied', async () => {
    const last = MIGRATIONS[MIGRATIONS.length - 1]!;
    await p.store.query('DELETE FROM schema_migrations WHERE version = $1', [last.version]);
    try {
      const response = await readyz();
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', reason: `migrations pending: ${last.version}_${last.name}` });
      // The process itself is fine: liveness must not fail with readiness, or the orchestrator restarts a healthy process.
      expect((await p.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await p.store.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [last.version, last.name]);
    }
    expect((await readyz()).statusCode).toBe(200);
  });

  it('is not under the integrator base path', async () => {
    expect((await p.app.inject({ method: 'GET', url: '/openapi/readyz' })).statusCode).toBe(404);
  });

  it('counts a database never migrated as every migration pending', async () => {
    const store = await openStore({ databaseUrl: await testDatabaseUrl() });
    try {
      expect(await checkReadiness(store, 2000)).toEqual({
        ready: false, reason: `migrations pending: ${MIGRATIONS.map((m) => `${m.version}_${m.name}`).join(', ')}`,
      });
    } finally {
      await store.close();
    }
  });

  it('does not count migrations newer than the code as pending (a rolling upgrade keeps old processes serving)', async () => {
    const version = 1000 + (randomBytes(1)[0] ?? 0);
    await p.store.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, 'from_a_newer_release']);
    try {
      expect((await readyz()).statusCode).toBe(200);
    } finally {
      await p.store.query('DELETE FROM schema_migrations WHERE version = $1', [version]);
    }
  });
});
