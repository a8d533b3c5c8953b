// Several "processes" (apps, each with its own caches) on one real database,
// with key material the test controls: what key rotation must be tested
// with, since a rotation in one process must take effect in the others.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { FastifyInstance, FastifyServerOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openStore, type Store } from '../src/db/store.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_PRODUCTS } from '../src/seed.ts';
import { createProduct } from '../src/services/products-admin.ts';
import type { KeyMaterial } from '../src/services/keys/platform-keyring.ts';
import { testDatabaseUrl } from './database.ts';

type Response = LightMyRequestResponse & { json: any };

export interface KeysProcess {
  app: FastifyInstance;
  admin(method: string, path: string, options?: { key?: string; body?: unknown }): Promise<Response>;
  api(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<Response>;
  token(clientId: string, clientSecret: string): Promise<string>;
}

export interface KeysPlatform {
  store: Store;
  config: Config;
  masterKey: Buffer;
  /** The admin key the first process was started with. */
  adminKey: string;
  first: KeysProcess;
  /** Another process on the same database; by default with the same master key and admin key. */
  start(options?: { keys?: Partial<KeyMaterial>; config?: Partial<Config>; logger?: FastifyServerOptions['logger'] }): Promise<KeysProcess>;
  /** A customer with a client and a token, created through `through` (default: the first process). */
  customer(through?: KeysProcess): Promise<{ customerId: string; clientId: string; clientSecret: string; token: string }>;
  /** A Standard card applied for through the API; returns its id. */
  applyCard(token: string, through?: KeysProcess): Promise<string>;
  close(): Promise<void>;
}

export async function createKeysPlatform(options: { config?: Partial<Config>; keys?: Partial<KeyMaterial> } = {}): Promise<KeysPlatform> {
  const store = await openStore({ databaseUrl: await testDatabaseUrl(), poolSize: 20 });
  await migrate(store);
  const config = loadConfig({}, { logLevel: 'silent', rateLimitPerSecond: 0, orderWaitMs: 5000, dataDir: '/nonexistent-test-data-dir', ...options.config });
  const masterKey = options.keys?.dataKey ?? randomBytes(32);
  const adminKey = options.keys?.adminKey ?? `test-admin-${randomBytes(8).toString('hex')}`;
  const apps: FastifyInstance[] = [];

  const start: KeysPlatform['start'] = async (o = {}) => {
    const app = await buildApp({
      config: { ...config, ...o.config }, store, logger: o.logger ?? false,
      keys: { dataKey: masterKey, adminKey, ...options.keys, ...o.keys },
    });
    await app.ready();
    apps.push(app);
    const call = async (method: string, url: string, headers: Record<string, string>, body: unknown): Promise<Response> => {
      const response = await app.inject({
        method: method as 'GET', url,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let json: unknown;
      try { json = response.json(); } catch { json = undefined; }
      return Object.assign(response, { json });
    };
    return {
      app,
      admin: (method, path, { key = adminKey, body } = {}) => call(method, `/admin/v1${path}`, { 'x-admin-key': key }, body),
      api: (method, path, { token, body } = {}) => call(method, `${config.basePath}${path}`, token ? { authorization: `Bearer ${token}` } : {}, body),
      async token(clientId, clientSecret) {
        const response = await app.inject({
          method: 'POST', url: `${config.basePath}/connect/token`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json().access_token as string;
      },
    };
  };

  const first = await start();
  for (const product of DEMO_PRODUCTS) await createProduct(store, first.app.ctx.catalog, product);

  return {
    store, config, masterKey, adminKey, first, start,
    async customer(through = first) {
      const created = await through.admin('POST', '/customers', { body: { name: `Keys ${randomBytes(3).toString('hex')}` } });
      expect(created.statusCode, created.body).toBe(200);
      const { customerId, clientId, clientSecret } = created.json.data;
      const deposit = await through.admin('POST', '/deposits', { body: { customerId, currency: 'USD', amount: '100000', reference: `dep-${randomBytes(6).toString('hex')}` } });
      expect(deposit.statusCode, deposit.body).toBe(200);
      return { customerId, clientId, clientSecret, token: await through.token(clientId, clientSecret) };
    },
    async applyCard(token, through = first) {
      const apply = await through.api('POST', '/v1/orders/standard/apply', { token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' } });
      expect(apply.statusCode, apply.body).toBe(200);
      expect(apply.json.data.status).toBe('Completed');
      return apply.json.data.cardInfos[0].cardId as string;
    },
    async close() {
      for (const app of apps) {
        await app.close();
        await app.ctx.executor.drain();
      }
      await store.close();
    },
  };
}
