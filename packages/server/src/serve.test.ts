// `cardepass serve` as an operator runs it (npm start): the first start seeds
// and prints what a developer needs, a restart does not seed again, and the
// api and worker roles split the work: an order accepted by an api process
// stays Processing until a worker process executes it.
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from './config.ts';
import { serve, type RunningPlatform } from './serve.ts';
import { testDatabaseUrl } from '../test/database.ts';

describe('serve', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardepass-serve-'));
  let databaseUrl: string | undefined;
  const running: RunningPlatform[] = [];
  beforeAll(async () => { databaseUrl = await testDatabaseUrl(); });
  afterAll(async () => {
    for (const platform of running) await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(overrides: Partial<Config>): Promise<{ platform: RunningPlatform; lines: string[] }> {
    const lines: string[] = [];
    const config = loadConfig({}, { dataDir, databaseUrl, port: 0, logLevel: 'silent', workerPollMs: 50, orderWaitMs: 300, ...overrides });
    const platform = await serve(config, (line) => lines.push(line));
    running.push(platform);
    return { platform, lines };
  }
  async function stop(platform: RunningPlatform) {
    await platform.stop();
    running.splice(running.indexOf(platform), 1);
  }
  const json = async (response: Response) => ({ status: response.status, body: await response.json() as any });

  let credentials: { clientId: string; clientSecret: string };
  let token: string;

  it('first start: seeds demo products and a funded demo customer, prints the URL, admin key and credentials', async () => {
    const { platform, lines } = await start({});
    const text = lines.join('\n');
    expect(text).toContain(`API base URL:  ${platform.url}/openapi`);
    const adminKey = readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
    expect(text).toContain(`Admin key:     ${adminKey}`);
    credentials = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    expect(text).toContain(`client_id:     ${credentials.clientId}`);
    expect(text).toContain(`client_secret: ${credentials.clientSecret}`);
    expect(statSync(path.join(dataDir, 'demo-credentials.json')).mode & 0o777).toBe(0o600);

    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: 'openapi' });
    const tokenResponse = await json(await fetch(`${platform.url}/openapi/connect/token`, { method: 'POST', body: form }));
    expect(tokenResponse.status).toBe(200);
    token = tokenResponse.body.access_token;
    const products = await json(await fetch(`${platform.url}/openapi/v1/products`, { headers: { authorization: `Bearer ${token}` } }));
    expect(products.body.data.map((p: { productCode: string }) => p.productCode)).toEqual(['PROD001', 'PROD002']);
    const accounts = await json(await fetch(`${platform.url}/openapi/v1/accounts`, { headers: { authorization: `Bearer ${token}` } }));
    const byCurrency = Object.fromEntries(accounts.body.data.map((a: { currency: string; amount: number }) => [a.currency, a.amount]));
    expect(byCurrency).toMatchObject({ USD: 10000, EUR: 5000 });
    await stop(platform);
  });

  it('a restart keeps everything and seeds nothing again', async () => {
    const { platform, lines } = await start({});
    expect(lines.join('\n')).not.toMatch(/Demo customer|Admin key/);
    const ping = await fetch(`${platform.url}/openapi/v1/ping`, { headers: { authorization: `Bearer ${token}` } });
    expect(ping.status).toBe(200);
    await stop(platform);
  });

  it('an api process leaves accepted orders to a worker process, which completes them', async () => {
    const api = await start({ role: 'api' });
    const applied = await json(await fetch(`${api.platform.url}/openapi/v1/orders/standard/apply`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '50', customerOrderNo: 'SERVE-ROLES-1' }),
    }));
    expect(applied.status).toBe(200);
    expect(applied.body.data.status).toBe('Processing');
    // PGlite is one process's store: the api process stops before the worker starts. On PostgreSQL they could overlap.
    await stop(api.platform);

    const worker = await start({ role: 'worker' });
    expect(worker.platform.url).toBe('');
    expect(worker.lines.join('\n')).toContain('role worker');
    const deadline = Date.now() + 10_000;
    let status = 'Processing';
    while (status === 'Processing' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const row = await worker.platform.app.ctx.store.db.selectFrom('orders').select('status')
        .where('order_no', '=', applied.body.data.orderNo).executeTakeFirstOrThrow();
      status = row.status;
    }
    expect(status).toBe('Completed');
    await stop(worker.platform);
  });
});
