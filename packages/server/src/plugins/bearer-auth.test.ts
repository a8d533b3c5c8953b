import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';
import { signJwt, type SigningKey } from '../lib/jwt.ts';

// Every check runs against both a trivial and a data endpoint.
const PATHS = ['/v1/ping', '/v1/products'];

describe('bearer authentication on /v1', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (o: Partial<{ sub: string; client_id: string; scope: string; iat: number; exp: number }> = {}, key: Buffer | SigningKey = p.app.ctx.keyring.jwt.activeKey) =>
    signJwt(key, { sub: c.customerId, client_id: c.clientId, scope: 'openapi', iat: now(), exp: now() + 600, jti: randomUUID(), ...o });
  const call = (path: string, headers: Record<string, string>) => p.api('GET', path, { headers });

  async function expectRejected(headers: Record<string, string>, status: number, errorCode: string) {
    for (const path of PATHS) {
      const response = await call(path, headers);
      expect(response.statusCode, `${path}: ${response.body}`).toBe(status);
      expect(response.json).toMatchObject({ hasError: true, errorCode, data: null });
      expect(response.json.responseId).toBe(response.headers['x-response-id']);
    }
  }

  it('accepts the token the token endpoint issued', async () => {
    for (const path of PATHS) {
      const response = await p.api('GET', path, { token: c.token });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json.hasError).toBe(false);
    }
  });

  it('accepts the bearer scheme case-insensitively', async () => {
    expect((await call('/v1/ping', { authorization: `bearer ${c.token}` })).statusCode).toBe(200);
  });

  it('missing Authorization → 401 UNAUTHORIZED with a Bearer challenge', async () => {
    await expectRejected({}, 401, 'UNAUTHORIZED');
    const response = await call('/v1/ping', {});
    expect(response.headers['www-authenticate']).toBe('Bearer realm="cardepass"');
  });

  it('another scheme or a malformed token → 401 INVALID_TOKEN', async () => {
    await expectRejected({ authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}` }, 401, 'INVALID_TOKEN');
    await expectRejected({ authorization: 'Bearer not-a-jwt' }, 401, 'INVALID_TOKEN');
    await expectRejected({ authorization: 'Bearer ' }, 401, 'INVALID_TOKEN');
    await expectRejected({ authorization: 'Bearer a.b.c' }, 401, 'INVALID_TOKEN');
    await expectRejected({ authorization: c.token }, 401, 'INVALID_TOKEN');
    await expectRejected({ authorization: `Bearer ${c.token} extra` }, 401, 'INVALID_TOKEN');
    const response = await call('/v1/ping', { authorization: 'Bearer not-a-jwt' });
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('a tampered payload → 401 INVALID_TOKEN', async () => {
    const [header, payload, signature] = c.token.split('.') as [string, string, string];
    const i = Math.floor(payload.length / 2);
    const tampered = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
    await expectRejected({ authorization: `Bearer ${header}.${tampered}.${signature}` }, 401, 'INVALID_TOKEN');
  });

  it('a token signed with another key → 401 INVALID_TOKEN', async () => {
    await expectRejected({ authorization: `Bearer ${sign({}, randomBytes(32))}` }, 401, 'INVALID_TOKEN');
  });

  it('an alg=none token → 401 INVALID_TOKEN', async () => {
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const payload = b64({ iss: 'cardepass', sub: c.customerId, client_id: c.clientId, scope: 'openapi', iat: now(), exp: now() + 600, jti: 'x' });
    await expectRejected({ authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.` }, 401, 'INVALID_TOKEN');
  });

  it('an expired token → 401 INVALID_TOKEN', async () => {
    await expectRejected({ authorization: `Bearer ${sign({ iat: now() - 7200, exp: now() - 3600 })}` }, 401, 'INVALID_TOKEN');
    await expectRejected({ authorization: `Bearer ${sign({ iat: now() - 3600, exp: now() })}` }, 401, 'INVALID_TOKEN');
  });

  it('a validly signed token naming an unknown client or another customer → 401 INVALID_TOKEN', async () => {
    const other = await p.customer();
    await expectRejected({ authorization: `Bearer ${sign({ client_id: 'cdp_unknown' })}` }, 401, 'INVALID_TOKEN');
    await expectRejected({ authorization: `Bearer ${sign({ sub: other.customerId })}` }, 401, 'INVALID_TOKEN');
  });

  it('scope other than openapi → 403 INSUFFICIENT_SCOPE', async () => {
    await expectRejected({ authorization: `Bearer ${sign({ scope: 'other' })}` }, 403, 'INSUFFICIENT_SCOPE');
    const response = await call('/v1/ping', { authorization: `Bearer ${sign({ scope: 'other' })}` });
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    // openapi among other scopes is enough
    expect((await call('/v1/ping', { authorization: `Bearer ${sign({ scope: 'other openapi' })}` })).statusCode).toBe(200);
  });

  it('disabled customer → 403 CUSTOMER_DISABLED at once; enabled again → 200', async () => {
    const d = await p.customer();
    expect((await p.api('GET', '/v1/ping', { token: d.token })).statusCode).toBe(200);
    expect((await p.admin('POST', `/customers/${d.customerId}/disable`)).statusCode).toBe(200);
    await expectRejected({ authorization: `Bearer ${d.token}` }, 403, 'CUSTOMER_DISABLED');
    expect((await p.admin('POST', `/customers/${d.customerId}/enable`)).statusCode).toBe(200);
    for (const path of PATHS) expect((await p.api('GET', path, { token: d.token })).statusCode).toBe(200);
  });

  it('revoked client → its existing tokens get 401 at once; the customer\'s other clients still work', async () => {
    const r = await p.customer();
    const second = await p.admin('POST', `/customers/${r.customerId}/clients`);
    const secondToken = await p.token(second.json.data.clientId, second.json.data.clientSecret);
    expect((await p.api('GET', '/v1/ping', { token: r.token })).statusCode).toBe(200);
    expect((await p.admin('POST', `/clients/${r.clientId}/revoke`)).statusCode).toBe(200);
    await expectRejected({ authorization: `Bearer ${r.token}` }, 401, 'INVALID_TOKEN');
    expect((await p.api('GET', '/v1/ping', { token: secondToken })).statusCode).toBe(200);
  });

  it('the token endpoint itself needs no bearer token', async () => {
    const response = await p.api('POST', '/connect/token', { body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.json.error).toBe('invalid_client');
  });
});

describe('rate limit per client', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ config: { rateLimitPerSecond: 5 }, products: false }); });
  afterAll(async () => { await p?.close(); });

  it('allows a burst of 10, then answers 429 RATE_LIMITED with Retry-After; other clients are unaffected', async () => {
    const a = await p.customer();
    const b = await p.customer();
    for (let i = 0; i < 10; i++) {
      const response = await p.api('GET', '/v1/ping', { token: a.token });
      expect(response.statusCode, `request ${i + 1}`).toBe(200);
    }
    // Refill is 5 a second: of 20 more at once, a few may pass on a slow machine, not all.
    const burst = await Promise.all(Array.from({ length: 20 }, () => p.api('GET', '/v1/ping', { token: a.token })));
    for (const response of burst) expect([200, 429]).toContain(response.statusCode);
    const limited = burst.find((response) => response.statusCode === 429);
    expect(limited, 'no 429 after 30 requests').toBeDefined();
    expect(limited!.json).toMatchObject({ hasError: true, errorCode: 'RATE_LIMITED', data: null });
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect(limited!.json.errorMessage).toContain(String(retryAfter));

    expect((await p.api('GET', '/v1/ping', { token: b.token })).statusCode).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await p.api('GET', '/v1/ping', { token: a.token })).statusCode).toBe(200);
  });
});
