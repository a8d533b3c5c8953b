// Credential throttling on POST /openapi/connect/token: failures are counted per
// (client_id, address), per address and per client_id, in the database.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import type { Config } from '../../config.ts';

const DEFAULT_LIMITS: Partial<Config> = { authFailuresPerPair: 10, authFailuresPerIp: 30, authFailuresPerClient: 100, authLockoutWindowSeconds: 60 };

type Injectable = Pick<TestPlatform['app'], 'inject'>;
const tokenRequest = (app: Injectable, clientId: string, secret: string, ip = '127.0.0.1') => app.inject({
  method: 'POST', url: '/openapi/connect/token', remoteAddress: ip,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
});

async function failTimes(app: Injectable, n: number, clientId: string, ip = '127.0.0.1') {
  for (let i = 0; i < n; i++) {
    const response = await tokenRequest(app, clientId, `wrong-${i}`, ip);
    expect(response.statusCode, `failure ${i + 1}: ${response.body}`).toBe(401);
    expect(response.json().error).toBe('invalid_client');
  }
}

function expectSlowDown(response: Awaited<ReturnType<typeof tokenRequest>>, maxWait_s: number) {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.json()).toEqual({ error: 'slow_down', error_description: expect.stringMatching(/^Too many failed attempts; retry after \d+ seconds$/) });
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxWait_s, String(retryAfter)).toBe(true);
  expect(response.json().error_description).toContain(`${retryAfter} seconds`);
  expect(response.headers['cache-control']).toBe('no-store');
}

describe('token endpoint throttling, default limits (10 per pair, 30 per address, 100 per client_id, 60 s)', () => {
  let p: TestPlatform;
  let a: TestCustomer;
  let b: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false, config: DEFAULT_LIMITS });
    a = await p.customer();
    b = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('10 wrong secrets, then the 11th is 429 slow_down with Retry-After, the correct secret too', async () => {
    await failTimes(p.app, 10, a.clientId, '10.1.0.1');
    expectSlowDown(await tokenRequest(p.app, a.clientId, a.clientSecret, '10.1.0.1'), 60);
    expectSlowDown(await tokenRequest(p.app, a.clientId, 'wrong-again', '10.1.0.1'), 60);
    // The lock is this pair's: the same client from another address, and another client from this one, still work.
    expect((await tokenRequest(p.app, a.clientId, a.clientSecret, '10.1.0.2')).statusCode).toBe(200);
    expect((await tokenRequest(p.app, b.clientId, b.clientSecret, '10.1.0.1')).statusCode).toBe(200);
  });

  it('a success neither counts nor resets: 9 failures, a success, 1 more failure still locks', async () => {
    await failTimes(p.app, 9, b.clientId, '10.2.0.1');
    expect((await tokenRequest(p.app, b.clientId, b.clientSecret, '10.2.0.1')).statusCode).toBe(200);
    await failTimes(p.app, 1, b.clientId, '10.2.0.1');
    expectSlowDown(await tokenRequest(p.app, b.clientId, b.clientSecret, '10.2.0.1'), 60);
  });

  it('other client_ids from one address are unaffected until the address has 30 failures, then all are refused', async () => {
    const ip = '10.3.0.1';
    const c = await p.customer();
    // 3 client_ids (two unknown) × 10 failures = 30: each pair locked on its own, then the address.
    await failTimes(p.app, 10, `cdp_unknown_${randomBytes(4).toString('hex')}`, ip);
    expect((await tokenRequest(p.app, c.clientId, c.clientSecret, ip)).statusCode).toBe(200);
    await failTimes(p.app, 10, `cdp_unknown_${randomBytes(4).toString('hex')}`, ip);
    await failTimes(p.app, 9, c.clientId, ip);
    expect((await tokenRequest(p.app, c.clientId, c.clientSecret, ip)).statusCode).toBe(200);
    await failTimes(p.app, 1, `cdp_unknown_${randomBytes(4).toString('hex')}`, ip);
    const d = await p.customer();
    expectSlowDown(await tokenRequest(p.app, d.clientId, d.clientSecret, ip), 60);
    expect((await tokenRequest(p.app, d.clientId, d.clientSecret, '10.3.0.2')).statusCode).toBe(200);
  });

  it('asking without credentials or with a bad grant is not a guess and locks nothing', async () => {
    const ip = '10.4.0.1';
    for (let i = 0; i < 12; i++) {
      const response = await p.app.inject({ method: 'POST', url: '/openapi/connect/token', remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${a.clientId}` });
      expect(response.statusCode).toBe(401);
    }
    expect((await tokenRequest(p.app, a.clientId, a.clientSecret, ip)).statusCode).toBe(200);
  });
});

describe('token endpoint throttling: per client_id across addresses, and window expiry', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false, config: { authFailuresPerPair: 3, authFailuresPerIp: 100, authFailuresPerClient: 6, authLockoutWindowSeconds: 2 } });
  });
  afterAll(async () => { await p?.close(); });

  it('failures from many addresses together lock the client_id everywhere; other clients are unaffected', async () => {
    const a = await p.customer();
    const b = await p.customer();
    for (let i = 0; i < 6; i++) await failTimes(p.app, 1, a.clientId, `10.9.${i}.1`);
    expectSlowDown(await tokenRequest(p.app, a.clientId, a.clientSecret, '10.9.99.1'), 2);
    expect((await tokenRequest(p.app, b.clientId, b.clientSecret, '10.9.99.1')).statusCode).toBe(200);
  });

  it('a lock ends with its window, and the count starts again from 0', async () => {
    const a = await p.customer();
    await failTimes(p.app, 3, a.clientId);
    const locked = await tokenRequest(p.app, a.clientId, a.clientSecret);
    expectSlowDown(locked, 2);
    await new Promise((resolve) => setTimeout(resolve, Number(locked.headers['retry-after']) * 1000 + 100));
    expect((await tokenRequest(p.app, a.clientId, a.clientSecret)).statusCode).toBe(200);
    await failTimes(p.app, 2, a.clientId);
    expect((await tokenRequest(p.app, a.clientId, a.clientSecret)).statusCode).toBe(200);
  });

  it('prunes ended windows from the table', async () => {
    const a = await p.customer();
    await failTimes(p.app, 1, a.clientId, '10.8.0.1');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    // The next failure in this process after a window has passed prunes (in the background).
    await failTimes(p.app, 1, a.clientId, '10.8.0.2');
    await expect.poll(async () => (await p.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM auth_failures WHERE key LIKE '%10.8.0.1'`)).rows[0]!.n, { timeout: 5000 }).toBe(0);
  });
});

describe('token endpoint throttling across processes', () => {
  let p: TestPlatform;
  let second: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false, config: { ...DEFAULT_LIMITS } });
    // A second API process on the same database: its own app, its own memory, the same store.
    second = await buildApp({ config: p.config, store: p.store, keys: { jwt: randomBytes(32), dataKey: randomBytes(32), adminKey: p.adminKey }, logger: false });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await second?.ctx.executor.drain();
    await p?.close();
  });

  it('failures on two instances add up: 5 + 5, then both refuse', async () => {
    const a = await p.customer();
    await failTimes(p.app, 5, a.clientId);
    await failTimes(second, 4, a.clientId);
    expect((await tokenRequest(second, a.clientId, a.clientSecret)).statusCode).toBe(200);
    await failTimes(second, 1, a.clientId);
    expectSlowDown(await tokenRequest(p.app, a.clientId, a.clientSecret), 60);
    expectSlowDown(await tokenRequest(second, a.clientId, a.clientSecret), 60);
  });

  it('concurrent failures on both instances are all counted (the upsert serializes them)', async () => {
    const a = await p.customer();
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => tokenRequest(p.app, a.clientId, `bad-${i}`, '10.7.0.1')),
      ...Array.from({ length: 5 }, (_, i) => tokenRequest(second, a.clientId, `bad-${i}`, '10.7.0.1')),
    ]);
    const { rows } = await p.store.query<{ failures: number }>(`SELECT failures FROM auth_failures WHERE scope = 'client_ip' AND key = $1`, [`${a.clientId}|10.7.0.1`]);
    expect(rows).toEqual([{ failures: 10 }]);
    expectSlowDown(await tokenRequest(second, a.clientId, a.clientSecret, '10.7.0.1'), 60);
  });
});
