// /readyz while the database goes away and comes back, without a restart of
// the app. The database is a PostgreSQL cluster of this file's own (the shared
// test cluster must never be stopped), so both projects run this same test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { startCluster, type Cluster } from '../../test/pg-cluster.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openStore, type Store } from '../db/store.ts';
import { migrate } from '../db/migrate.ts';

describe('GET /readyz when the database goes down and comes back', { timeout: 120_000 }, () => {
  let cluster: Cluster;
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    cluster = await startCluster();
    store = await openStore({ databaseUrl: cluster.url, poolSize: 4 });
    await migrate(store);
    app = await buildApp({ config: loadConfig({}, { logLevel: 'silent' }), store, keys: { jwt: randomBytes(32), dataKey: randomBytes(32), adminKey: 'readyz-test-admin-key' }, logger: false });
    await app.ready();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await cluster?.stop();
  });
  const readyz = async () => {
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    return { status: response.statusCode, body: response.json(), elapsed_ms: Date.now() - started };
  };

  it('is 200, then 503 with the reason while PostgreSQL is stopped, then 200 again once it is back', async () => {
    expect((await readyz()).body).toEqual({ status: 'ready' });

    await cluster.pause();
    for (let probe = 0; probe < 3; probe++) {
      const down = await readyz();
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('unavailable');
      expect(down.body.reason).toMatch(/^database unreachable: /);
      // Bounded: never the orchestrator's probe timing out instead of an answer.
      expect(down.elapsed_ms).toBeLessThan(2500);
    }
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    await cluster.resume();
    const deadline = Date.now() + 15_000;
    let up = await readyz();
    while (up.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      up = await readyz();
    }
    expect(up).toMatchObject({ status: 200, body: { status: 'ready' } });
  });
});
