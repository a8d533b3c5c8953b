// Admin-key throttling on /admin/v1: wrong keys are counted per address in the database.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';

type Injectable = Pick<TestPlatform['app'], 'inject'>;
const adminCall = (app: Injectable, key: string | undefined, ip: string, language = 'en') => app.inject({
  method: 'GET', url: '/admin/v1/customers', remoteAddress: ip,
  headers: { 'accept-language': language, ...(key === undefined ? {} : { 'x-admin-key': key }) },
});

describe('admin key throttling (3 failures per address, 2 s window)', () => {
  let p: TestPlatform;
  let second: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false, config: { adminAuthFailuresPerIp: 3, authLockoutWindowSeconds: 2 } });
    second = await buildApp({ config: p.config, store: p.store, keys: { jwt: randomBytes(32), dataKey: randomBytes(32), adminKey: p.adminKey }, logger: false });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await second?.ctx.executor.drain();
    await p?.close();
  });

  async function failTimes(app: Injectable, n: number, ip: string) {
    for (let i = 0; i < n; i++) {
      const response = await adminCall(app, `${p.adminKey}${i}`, ip);
      expect(response.statusCode, response.body).toBe(401);
      expect(response.json().errorCode).toBe('ADMIN_UNAUTHORIZED');
    }
  }

  it('3 wrong keys, then 429 TOO_MANY_FAILED_ATTEMPTS with Retry-After in the envelope, for the right key too', async () => {
    const ip = '10.20.0.1';
    await failTimes(p.app, 3, ip);
    const locked = await adminCall(p.app, p.adminKey, ip);
    expect(locked.statusCode, locked.body).toBe(429);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter >= 1 && retryAfter <= 2).toBe(true);
    expect(locked.json()).toEqual({
      responseId: locked.headers['x-response-id'], hasError: true, errorCode: 'TOO_MANY_FAILED_ATTEMPTS',
      errorMessage: `Too many failed attempts; retry after ${retryAfter} seconds`, data: null,
    });
    const zh = await adminCall(p.app, p.adminKey, ip, 'zh-CN');
    expect(zh.json().errorMessage).toMatch(/^失败尝试次数过多，请 \d 秒后重试$/);
    // Another address is unaffected; no key at all is still a plain 401 (not a guess, not counted).
    expect((await adminCall(p.app, p.adminKey, '10.20.0.2')).statusCode).toBe(200);
    expect((await adminCall(p.app, undefined, ip)).statusCode).toBe(401);
  });

  it('the lock ends with its window', async () => {
    const ip = '10.21.0.1';
    await failTimes(p.app, 3, ip);
    const locked = await adminCall(p.app, p.adminKey, ip);
    expect(locked.statusCode).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(locked.headers['retry-after']) * 1000 + 100));
    expect((await adminCall(p.app, p.adminKey, ip)).statusCode).toBe(200);
  });

  it('missing keys lock nothing', async () => {
    const ip = '10.22.0.1';
    for (let i = 0; i < 6; i++) expect((await adminCall(p.app, undefined, ip)).statusCode).toBe(401);
    expect((await adminCall(p.app, p.adminKey, ip)).statusCode).toBe(200);
  });

  it('two instances on one database share the count', async () => {
    const ip = '10.23.0.1';
    await failTimes(p.app, 2, ip);
    await failTimes(second, 1, ip);
    expect((await adminCall(p.app, p.adminKey, ip)).statusCode).toBe(429);
    expect((await adminCall(second, p.adminKey, ip)).statusCode).toBe(429);
  });
});
