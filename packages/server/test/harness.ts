// The test platform: the real app (buildApp) on a real database — in-memory
// PGlite or a fresh database in the harness's PostgreSQL cluster — with
// helpers to create customers, get tokens and call the API through inject().
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { FastifyInstance, FastifyServerOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openStore, type Store } from '../src/db/store.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_PRODUCTS } from '../src/seed.ts';
import { createProduct } from '../src/services/products-admin.ts';
import { verifyLedger } from '../src/services/ledger/verify.ts';
import type { IssuerChannel } from '../src/channel/channel.ts';
import { testDatabaseUrl } from './database.ts';

export interface TestCustomer { customerId: string; clientId: string; clientSecret: string; token: string }

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface TestPlatform {
  app: FastifyInstance;
  store: Store;
  config: Config;
  adminKey: string;
  /** /openapi… with the bearer token; returns the response with `json` parsed. */
  api(method: string, path: string, options?: CallOptions): Promise<LightMyRequestResponse & { json: any }>;
  /** /admin/v1… with the admin key. */
  admin(method: string, path: string, body?: unknown): Promise<LightMyRequestResponse & { json: any }>;
  /** A customer with a client and a token; deposits like { USD: '1000' }. */
  customer(deposits?: Record<string, string>): Promise<TestCustomer>;
  token(clientId: string, clientSecret: string): Promise<string>;
  /** Asserts that the ledger verifies clean. */
  expectLedgerClean(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  config?: Partial<Config>;
  channel?: IssuerChannel;
  /** Create the demo products PROD001 and PROD002 (default true). */
  products?: boolean;
  /** The app's logger (default none): tests that read the log pass a pino logger with their own stream. */
  logger?: FastifyServerOptions['logger'];
}

export async function createTestPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  const store = await openStore({ databaseUrl: await testDatabaseUrl(), poolSize: 30 });
  await migrate(store);
  const config = loadConfig({}, {
    logLevel: 'silent', rateLimitPerSecond: 0, orderWaitMs: 5000, dataDir: '/nonexistent-test-data-dir',
    // Every test injects from 127.0.0.1, and many try wrong secrets and keys on purpose: the credential
    // throttle still counts (its code runs) but locks nothing unless a test sets its own limits.
    authFailuresPerPair: 1_000_000, authFailuresPerIp: 1_000_000, authFailuresPerClient: 1_000_000, adminAuthFailuresPerIp: 1_000_000,
    signInFailuresPerAccount: 1_000_000, signInFailuresPerIp: 1_000_000,
    ...options.config,
  });
  const adminKey = `test-admin-${randomBytes(8).toString('hex')}`;
  const app = await buildApp({ config, store, keys: { jwt: randomBytes(32), dataKey: randomBytes(32), adminKey }, channel: options.channel, logger: options.logger ?? false });
  await app.ready();
  if (options.products !== false) for (const product of DEMO_PRODUCTS) await createProduct(store, app.ctx.catalog, product);

  const call = async (method: string, url: string, headers: Record<string, string>, body: unknown, query?: Record<string, string>) => {
    const response = await app.inject({
      method: method as 'GET', url, query, headers,
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
    let json: unknown;
    try { json = response.json(); } catch { json = undefined; }
    return Object.assign(response, { json });
  };

  const platform: TestPlatform = {
    app, store, config, adminKey,
    api: (method, path, o = {}) => call(method, `${config.basePath}${path}`, {
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(o.body !== undefined && typeof o.body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...o.headers,
    }, o.body, o.query),
    admin: (method, path, body) => call(method, `/admin/v1${path}`, {
      'x-admin-key': adminKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    }, body),
    async token(clientId, clientSecret) {
      const response = await app.inject({
        method: 'POST', url: `${config.basePath}/connect/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openapi' }).toString(),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().access_token as string;
    },
    async customer(deposits = {}) {
      const created = await platform.admin('POST', '/customers', { name: `Customer ${randomBytes(3).toString('hex')}` });
      expect(created.statusCode, created.body).toBe(200);
      const { customerId, clientId, clientSecret } = created.json.data;
      for (const [currency, amount] of Object.entries(deposits)) {
        const deposit = await platform.admin('POST', '/deposits', { customerId, currency, amount, reference: `dep-${randomBytes(6).toString('hex')}` });
        expect(deposit.statusCode, deposit.body).toBe(200);
      }
      return { customerId, clientId, clientSecret, token: await platform.token(clientId, clientSecret) };
    },
    async expectLedgerClean() {
      const result = await verifyLedger(store);
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    },
    async close() {
      await app.close();
      await app.ctx.executor.drain();
      await store.close();
    },
  };
  return platform;
}

/**
 * A platform listening on a port for one suite (real parallel HTTP requests, fetch as the client): created before
 * the suite, closed after it, its ledger verified after each test. `p` and `base` (the API's base URL, base path
 * included) are set once the suite has started.
 */
export function listeningPlatform(): { p: TestPlatform; base: string } {
  const suite = {} as { p: TestPlatform; base: string };
  beforeAll(async () => {
    suite.p = await createTestPlatform();
    suite.base = `${await suite.p.app.listen({ port: 0, host: '127.0.0.1' })}${suite.p.config.basePath}`;
  });
  afterAll(async () => { await suite.p?.close(); });
  afterEach(async () => { await suite.p.expectLedgerClean(); });
  return suite;
}
