// The real app on a database reached through a given URL (here: through
// PgBouncer), with every error the server logs kept for the test to read —
// the harness's createTestPlatform always picks the test database itself.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openStore, type Store } from '../../src/db/store.ts';
import { migrate } from '../../src/db/migrate.ts';
import { DEMO_PRODUCTS } from '../../src/seed.ts';
import { createProduct } from '../../src/services/products-admin.ts';

export interface Reply { status: number; body: any }

export interface PlatformOverUrl {
  store: Store;
  /** Messages of the errors the server logged (level error and above), with their causes. */
  loggedErrors: string[];
  call(method: 'GET' | 'POST', url: string, options?: { token?: string; adminKey?: boolean; body?: unknown }): Promise<Reply>;
  /** A customer funded with `usd` dollars, and its access token. */
  customer(usd: string): Promise<{ customerId: string; token: string }>;
  close(): Promise<void>;
}

/** The installation's secrets: processes of one installation share them, wherever they connect from. */
export interface InstallationKeys { jwt: Buffer; dataKey: Buffer; adminKey: string }

export function newInstallationKeys(): InstallationKeys {
  return { jwt: randomBytes(32), dataKey: randomBytes(32), adminKey: `test-admin-${randomBytes(8).toString('hex')}` };
}

export async function platformOverUrl(databaseUrl: string, poolSize: number, keys: InstallationKeys, options: { products?: boolean; preparedStatements?: boolean } = {}): Promise<PlatformOverUrl> {
  const store = await openStore({ databaseUrl, poolSize, preparedStatements: options.preparedStatements });
  await migrate(store);
  const loggedErrors: string[] = [];
  // pino writes one JSON line per record: keep the error messages, drop the rest.
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const record = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
        if (record.level >= 50) loggedErrors.push(record.err?.message ?? record.msg ?? line);
      }
      done();
    },
  });
  const config = loadConfig({}, { logLevel: 'error', rateLimitPerSecond: 0, orderWaitMs: 2000, dataDir: '/nonexistent-test-data-dir' });
  const { adminKey } = keys;
  const app = await buildApp({ config, store, keys: { ...keys }, logger: { level: 'error', stream } });
  await app.ready();
  if (options.products) for (const product of DEMO_PRODUCTS) await createProduct(store, app.ctx.catalog, product);

  const call: PlatformOverUrl['call'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.adminKey) headers['x-admin-key'] = adminKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.inject({ method, url, headers, ...(options.body !== undefined ? { payload: options.body as object } : {}) });
    let body: unknown;
    try { body = response.json(); } catch { body = response.body; }
    return { status: response.statusCode, body };
  };

  return {
    store,
    loggedErrors,
    call,
    async customer(usd) {
      const created = await call('POST', '/admin/v1/customers', { adminKey: true, body: { name: 'Bouncer customer' } });
      if (created.status !== 200) throw new Error(`customer: ${JSON.stringify(created.body)}`);
      const { customerId, clientId, clientSecret } = created.body.data;
      const deposit = await call('POST', '/admin/v1/deposits', { adminKey: true, body: { customerId, currency: 'USD', amount: usd, reference: `dep-${customerId}` } });
      if (deposit.status !== 200) throw new Error(`deposit: ${JSON.stringify(deposit.body)}`);
      const token = await app.inject({
        method: 'POST', url: `${config.basePath}/connect/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
      });
      return { customerId, token: token.json().access_token as string };
    },
    async close() {
      await app.close();
      await app.ctx.executor.drain();
      await store.close();
    },
  };
}
