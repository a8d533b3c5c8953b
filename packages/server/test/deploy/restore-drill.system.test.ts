// The backup procedure docs/operations.md gives for the embedded store, done
// for real: `cardepass serve` as a child process, money moved over HTTP,
// SIGTERM, the data directory copied, a second server started from the COPY
// on another port. The copy must hold the same money (ledger verified with the
// copy's own admin key, same balances, same card) — and without data.key it
// must not be able to show a card number at all.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from './serve-process.ts';

// Per test: each starts a server from the sources (see serve-process.ts), the first two stop one too.
const SUITE_TIMEOUT_MS = 400_000;

describe('restore drill: embedded store', { timeout: SUITE_TIMEOUT_MS }, () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'cardepass-drill-'));
  const original = path.join(workDir, 'original');
  const running: ServeProcess[] = [];
  afterAll(async () => {
    for (const server of running) await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  });
  async function serveFrom(dataDir: string) {
    const server = await startServe({ CARDEPASS_DATA_DIR: dataDir, CARDEPASS_WORKER_POLL_MS: '50' });
    running.push(server);
    return server;
  }
  async function stop(server: ServeProcess) {
    running.splice(running.indexOf(server), 1);
    return server.stop();
  }
  const json = async (response: Response) => ({ status: response.status, body: await response.json() as any });
  async function tokenFor(url: string, dataDir: string): Promise<string> {
    const { clientId, clientSecret } = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    const reply = await json(await fetch(`${url}/openapi/connect/token`, { method: 'POST', body: form }));
    expect(reply.status).toBe(200);
    return reply.body.access_token;
  }
  const api = (url: string, token: string) => ({
    get: (route: string) => fetch(`${url}/openapi${route}`, { headers: { authorization: `Bearer ${token}` } }).then(json),
    post: (route: string, body: unknown) => fetch(`${url}/openapi${route}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then(json),
  });

  let cardId = '';
  let before: { card: any; accounts: any; topup: any };

  it('moves money on the original, then stops cleanly on SIGTERM', async () => {
    const server = await serveFrom(original);
    const client = api(server.url, await tokenFor(server.url, original));
    const applied = await client.post('/v1/orders/standard/apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', customerOrderNo: 'DRILL-APPLY' });
    expect(applied.body.data?.status, JSON.stringify(applied.body)).toBe('Completed');
    cardId = applied.body.data.cardInfos[0].cardId;
    const topup = await client.post('/v1/orders/standard/topup', { cardId, topUpAmount: '250.55', customerOrderNo: 'DRILL-TOP-1' });
    expect(topup.body.data?.status, JSON.stringify(topup.body)).toBe('Completed');
    const purchase = await client.post('/v1/simulate/authorize', { cardId, amount: '30.10', merchantName: 'Drill shop' });
    expect(purchase.body.data.status).toBe('Pending');
    const card = (await client.get(`/v1/cards/${cardId}`)).body.data;
    // 100 + 250.55 loaded; 30.10 held by the open authorization.
    expect(card.balanceAmount).toBe(320.45);
    before = { card, accounts: (await client.get('/v1/accounts')).body.data, topup: topup.body.data };
    expect(await stop(server)).toBe(0);
  });

  it('a copy of the stopped data directory serves the same money, and its ledger verifies', async () => {
    const copy = path.join(workDir, 'restored');
    cpSync(original, copy, { recursive: true });
    const server = await serveFrom(copy);
    // Nothing seeded a second time: the copy is the same installation.
    expect(server.output()).not.toContain('Demo customer');
    const adminKey = readFileSync(path.join(copy, 'admin.key'), 'utf8').trim();
    const verify = await json(await fetch(`${server.url}/admin/v1/ledger/verify`, { headers: { 'x-admin-key': adminKey } }));
    expect(verify.status).toBe(200);
    expect(verify.body.data.problems).toEqual([]);
    expect(verify.body.data.ok).toBe(true);
    const wrongKey = await fetch(`${server.url}/admin/v1/ledger/verify`, { headers: { 'x-admin-key': `${adminKey}x` } });
    expect(wrongKey.status).toBe(401);

    const client = api(server.url, await tokenFor(server.url, copy));
    const card = (await client.get(`/v1/cards/${cardId}`)).body.data;
    expect(card).toEqual(before.card);
    expect(card.cardNumber).toMatch(/^\d{16}$/);
    expect((await client.get('/v1/accounts')).body.data).toEqual(before.accounts);
    // The idempotency records came along: a retried top-up answers the original order and moves nothing.
    const retried = await client.post('/v1/orders/standard/topup', { cardId, topUpAmount: '250.55', customerOrderNo: 'DRILL-TOP-1' });
    expect(retried.body.data.orderNo).toBe(before.topup.orderNo);
    expect((await client.get(`/v1/cards/${cardId}`)).body.data.balanceAmount).toBe(320.45);
    expect(await stop(server)).toBe(0);
  });

  it('a copy without data.key keeps the books but can never show a card number again', async () => {
    const copy = path.join(workDir, 'restored-without-data-key');
    cpSync(original, copy, { recursive: true });
    rmSync(path.join(copy, 'data.key'));
    // A platform that can prove the key is wrong (wrapped data keys stored) refuses to start, naming the key;
    // one that cannot starts with a new key — and then no stored card number decrypts.
    const server = await serveFrom(copy).catch((error: Error) => error);
    if (server instanceof Error) {
      expect(server.message).toMatch(/CARDEPASS_DATA_KEY \(or data\.key\)/);
      return;
    }
    const client = api(server.url, await tokenFor(server.url, copy));
    const card = await client.get(`/v1/cards/${cardId}`);
    expect(card.status).toBe(500);
    expect(JSON.stringify(card.body)).not.toContain(before.card.cardNumber);
    const adminKey = readFileSync(path.join(copy, 'admin.key'), 'utf8').trim();
    const verify = await json(await fetch(`${server.url}/admin/v1/ledger/verify`, { headers: { 'x-admin-key': adminKey } }));
    expect(verify.body.data.ok).toBe(true);
    expect((await client.get('/v1/accounts')).body.data).toEqual(before.accounts);
    expect(await stop(server)).toBe(0);
  });
});
