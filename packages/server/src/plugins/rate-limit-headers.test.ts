import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../lib/rate-limiter.ts';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';

const headersOf = (response: { headers: Record<string, unknown> }) => ({
  limit: response.headers['ratelimit-limit'], remaining: response.headers['ratelimit-remaining'], reset: response.headers['ratelimit-reset'],
});

describe('RateLimiter budget arithmetic', () => {
  it('reports the burst, what is left and when it is full again, in whole seconds', () => {
    const limiter = new RateLimiter(5);
    expect(limiter.take('a', 0)).toEqual({ retryAfter_s: 0, limit: 10, remaining: 9, reset_s: 1 });
    for (let i = 0; i < 8; i++) limiter.take('a', 0);
    expect(limiter.take('a', 0)).toEqual({ retryAfter_s: 0, limit: 10, remaining: 0, reset_s: 2 });
    expect(limiter.take('a', 0)).toEqual({ retryAfter_s: 1, limit: 10, remaining: 0, reset_s: 2 });
    // One second refills 5: one is taken, 4 remain, 6 are missing (1.2 s, rounded up).
    expect(limiter.take('a', 1000)).toEqual({ retryAfter_s: 0, limit: 10, remaining: 4, reset_s: 2 });
    expect(limiter.take('b', 1000).remaining).toBe(9);
  });
});

describe('RateLimit-* headers on /v1', () => {
  let p: TestPlatform;
  let a: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ config: { rateLimitPerSecond: 5 }, products: false });
    a = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('are integers on a success, and Remaining counts down', async () => {
    const first = await p.api('GET', '/v1/ping', { token: a.token });
    expect(first.statusCode).toBe(200);
    const h = headersOf(first);
    expect(h.limit).toBe('10');
    for (const value of [h.remaining, h.reset]) expect(String(value)).toMatch(/^\d+$/);
    expect(Number(h.remaining)).toBeLessThan(10);
    const second = await p.api('GET', '/v1/ping', { token: a.token });
    expect(Number(headersOf(second).remaining)).toBeLessThanOrEqual(Number(h.remaining));
  });

  it('are on error answers too (404, 400) and on the 429, where Remaining is 0', async () => {
    const b = await p.customer();
    const missing = await p.api('GET', '/v1/cards/CARDNOPE', { token: b.token });
    expect(missing.statusCode).toBe(404);
    expect(headersOf(missing).limit).toBe('10');
    const invalid = await p.api('POST', '/v1/orders/standard/topup', { token: b.token, body: { cardId: 'x' } });
    expect(invalid.statusCode).toBe(400);
    expect(headersOf(invalid).limit).toBe('10');
    const burst = await Promise.all(Array.from({ length: 25 }, () => p.api('GET', '/v1/ping', { token: b.token })));
    const limited = burst.find((response) => response.statusCode === 429);
    expect(limited, 'no 429 in a burst of 25').toBeDefined();
    expect(headersOf(limited!)).toEqual({ limit: '10', remaining: '0', reset: expect.stringMatching(/^[12]$/) });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    for (const response of burst) expect(headersOf(response).limit, String(response.statusCode)).toBe('10');
  });

  it('are absent where no client is known (no token) and when the limit is off', async () => {
    const anonymous = await p.api('GET', '/v1/ping');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['ratelimit-limit']).toBeUndefined();
    const off = await createTestPlatform({ config: { rateLimitPerSecond: 0 }, products: false });
    try {
      const c = await off.customer();
      const response = await off.api('GET', '/v1/ping', { token: c.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-limit']).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
