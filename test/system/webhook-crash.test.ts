// Webhook delivery survives a crash: an API process and a worker process
// (`cardepass serve`, compiled, on one PostgreSQL), a receiver on 127.0.0.1
// with two endpoints, 100+ events, and the worker killed with SIGKILL while
// requests are in flight at the receiver. After a restart every event reaches
// both endpoints at least once (receivers dedupe by webhook-id, as the README
// tells them to), every delivery ends Delivered, and the ledger verifies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '@cardepass/server';
import { freePort } from '../../packages/server/test/pg-cluster.ts';
import { testDatabaseUrl } from '../../packages/server/test/database.ts';
import { getData, postData } from './crash-client.ts';
import { PlatformSlot, platformEnv } from './crash-processes.ts';

const DEPOSITS = 110;
const CARD_APPLICATIONS = 4;
// The receiver holds each request this long, so that the kill finds some in flight.
const RECEIVER_DELAY_MS = 150;
const KILL_AFTER_REQUESTS = 40;
const START_TIMEOUT_MS = 90_000;
// The killed worker's leases run out after the timeout plus a 10 s margin; then the new one sends again.
const SETTLE_TIMEOUT_MS = 60_000;

const slots: PlatformSlot[] = [];
let receiver: http.Server | undefined;
let dataDir = '';
afterAll(async () => {
  await Promise.all(slots.map((s) => s.stop(5000)));
  receiver?.closeAllConnections();
  receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('webhook delivery: SIGKILL of the worker mid-delivery', () => {
  it('delivers every event to every endpoint at least once after a restart, and the books balance', async () => {
    const databaseUrl = (await testDatabaseUrl())!;
    dataDir = mkdtempSync(join(tmpdir(), 'cardepass-webhook-crash-'));
    const adminKey = `cdpadm_${randomBytes(32).toString('base64url')}`;
    const env = platformEnv({
      DATABASE_URL: databaseUrl, CARDEPASS_DATA_DIR: dataDir, CARDEPASS_SEED: 'false', LOG_LEVEL: 'warn',
      CARDEPASS_DATA_KEY: randomBytes(32).toString('base64'), CARDEPASS_ADMIN_KEY: adminKey,
      CARDEPASS_WORKER_POLL_MS: '50', CARDEPASS_JOB_LEASE_MS: '2000', CARDEPASS_RATE_LIMIT_RPS: '0', CARDEPASS_DB_POOL_SIZE: '5',
      CARDEPASS_WEBHOOK_TIMEOUT_MS: '2000', CARDEPASS_WEBHOOK_RETRY_SCHEDULE_S: '1,1,1,1,1',
    });
    const api = new PlatformSlot('api', 'api', await freePort(), env);
    const worker = new PlatformSlot('worker', 'worker', null, env);
    slots.push(api, worker);

    // --- the receiver: records (path, webhook-id) after verifying the signature, answers 200 after a pause ---
    const secrets = new Map<string, Webhook>();
    const received: Array<{ path: string; id: string }> = [];
    let open = 0;
    let badSignatures = 0;
    receiver = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
      req.on('end', () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        try { secrets.get(req.url ?? '')!.verify(body, headers); } catch { badSignatures++; }
        received.push({ path: req.url ?? '', id: headers['webhook-id']! });
        open++;
        setTimeout(() => { open--; res.writeHead(200); res.end(); }, RECEIVER_DELAY_MS);
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    api.start();
    worker.start();
    await Promise.all([api.waitReady(START_TIMEOUT_MS), worker.waitReady(START_TIMEOUT_MS)]);

    // --- a customer with two endpoints, registered through the integrator API ---
    const admin = { 'x-admin-key': adminKey };
    const product = DEMO_PRODUCTS[0]!;
    await postData(api.base, '/admin/v1/products', admin, product);
    const customer = await postData(api.base, '/admin/v1/customers', admin, { name: 'Webhook crash test' });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret });
    const tokenBody = await (await fetch(`${api.base}/openapi/connect/token`, { method: 'POST', body: form })).json() as { access_token: string };
    const auth = { authorization: `Bearer ${tokenBody.access_token}` };
    for (const path of ['/a', '/b']) {
      const endpoint = await postData(api.base, '/openapi/v1/webhooks/endpoints', auth, { url: `${hook}${path}` });
      secrets.set(path, new Webhook(endpoint.secret));
    }

    // --- events: deposits and card applications, while the worker delivers; the kill lands in the middle ---
    const deposit = (i: number) => postData(api.base, '/admin/v1/deposits', admin,
      { customerId: customer.customerId, currency: 'USD', amount: '50', reference: `wh-crash-${i}` });
    const produce = (async () => {
      for (let i = 0; i < DEPOSITS; i += 5) await Promise.all([0, 1, 2, 3, 4].filter((k) => i + k < DEPOSITS).map((k) => deposit(i + k)));
      for (let i = 0; i < CARD_APPLICATIONS; i++) {
        await postData(api.base, '/openapi/v1/orders/standard/apply', auth,
          { productCode: product.productCode, cardCurrency: 'USD', topUpAmount: '20', customerOrderNo: `wh-crash-apply-${i}` });
      }
    })();
    const killDeadline = Date.now() + 60_000;
    while (received.length < KILL_AFTER_REQUESTS) {
      if (Date.now() > killDeadline) throw new Error(`only ${received.length} deliveries arrived before the kill:\n${worker.log()}`);
      await sleep(5);
    }
    const inFlightAtKill = open;
    await worker.kill();
    const receivedAtKill = received.length;
    await produce;

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const count = async (query: string) => Number((await db.query<{ n: string }>(query, [customer.customerId])).rows[0]!.n);
      const leasedAtKill = await count(`SELECT count(*) AS n FROM webhook_deliveries WHERE customer_id = $1 AND status = 'Pending' AND locked_until > now()`);

      worker.start();
      await worker.waitReady(START_TIMEOUT_MS);
      const settleStart = Date.now();
      for (;;) {
        const pending = await count(`SELECT count(*) AS n FROM webhook_deliveries WHERE customer_id = $1 AND status <> 'Delivered'`);
        const processing = await count(`SELECT count(*) AS n FROM orders WHERE customer_id = $1 AND status = 'Processing'`);
        if (pending === 0 && processing === 0) break;
        if (Date.now() - settleStart > SETTLE_TIMEOUT_MS) throw new Error(`${pending} deliveries not Delivered, ${processing} orders Processing:\n${worker.log()}`);
        await sleep(200);
      }
      const settle_ms = Date.now() - settleStart;

      const events = (await db.query<{ id: string }>(`SELECT id FROM events WHERE customer_id = $1`, [customer.customerId])).rows.map((e) => e.id);
      const deliveries = await count(`SELECT count(*) AS n FROM webhook_deliveries WHERE customer_id = $1`);
      const attempts = await count(`SELECT count(*) AS n FROM webhook_attempts WHERE customer_id = $1`);
      const failedAttempts = await count(`SELECT count(*) AS n FROM webhook_attempts WHERE customer_id = $1 AND (http_status IS NULL OR http_status >= 300)`);
      const seen = new Set(received.map((r) => `${r.path} ${r.id}`));
      const missing = events.flatMap((id) => ['/a', '/b'].map((path) => `${path} ${id}`)).filter((key) => !seen.has(key));
      const duplicates = received.length - seen.size;
      console.log([
        `webhook crash test: ${events.length} events x 2 endpoints = ${deliveries} deliveries; ${received.length} requests received ` +
          `(${duplicates} duplicates, deduped by webhook-id); ${attempts} attempts recorded (${failedAttempts} failed)`,
        `  kill after ${receivedAtKill} requests with ${inFlightAtKill} in flight at the receiver and ${leasedAtKill} deliveries leased by the dead worker; ` +
          `all Delivered ${settle_ms} ms after the restart`,
      ].join('\n'));

      expect(events.length).toBeGreaterThanOrEqual(100);
      expect(deliveries).toBe(events.length * 2);
      expect(missing).toEqual([]);
      expect(badSignatures).toBe(0);
      // The kill really was mid-delivery: requests were open at the receiver and leases were left behind.
      expect(inFlightAtKill).toBeGreaterThan(0);
      expect(leasedAtKill).toBeGreaterThan(0);
      const verify = await getData(api.base, '/admin/v1/ledger/verify', admin);
      expect(verify.problems).toEqual([]);
      expect(verify.ok).toBe(true);
    } finally {
      await db.end();
    }
  }, 300_000);
});
