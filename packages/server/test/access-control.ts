// The access-control suite shared by the order endpoints' tests (standard-security,
// sharebalance-security): who may call an endpoint — a valid, unexpired access
// token with the openapi scope, of an active client of an active customer.
// Everything else is refused before anything changes.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from './harness.ts';
import { expectError } from './standard-kit.ts';
import { signJwt, type SigningKey } from '../src/lib/jwt.ts';

export type Call = { method: 'POST' | 'GET'; path: string; body?: (cardId: string) => unknown };

export interface AccessControlSpec {
  title: string;
  endpoints: Array<[string, Call]>;
  /** Opens the card the calls name. */
  openCard: (p: TestPlatform, c: TestCustomer) => Promise<string>;
  /** What a client sees that a call could change. */
  snapshot: (p: TestPlatform, c: TestCustomer, cardIds: string[]) => Promise<unknown>;
  /** A GET endpoint that any valid token may call. */
  probe: string;
}

export function describeAccessControl(spec: AccessControlSpec): void {
  describe(spec.title, () => {
    let p: TestPlatform;
    let c: TestCustomer;
    let cardId: string;
    const now = () => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({ sub: c.customerId, client_id: c.clientId, scope: 'openapi', iat: now(), exp: now() + 600, jti: randomUUID(), ...over });
    const sign = (over: Record<string, unknown> = {}, key: Buffer | SigningKey = p.app.ctx.keyring.jwt.activeKey) => signJwt(key, claims(over) as Parameters<typeof signJwt>[1]);
    const call = (endpoint: Call, headers: Record<string, string>) =>
      p.api(endpoint.method, endpoint.path, { token: null, body: endpoint.body?.(cardId), headers });

    beforeAll(async () => {
      p = await createTestPlatform();
      c = await p.customer({ USD: '1000' });
      cardId = await spec.openCard(p, c);
    });
    afterAll(async () => { await p?.close(); });
    afterEach(async () => { await p.expectLedgerClean(); });

    /** Runs `request`, expects the error, and checks that the customer's cards, accounts and orders did not change. */
    async function refused(request: () => Promise<Awaited<ReturnType<TestPlatform['api']>>>, status: number, code: string) {
      const before = await spec.snapshot(p, c, [cardId]);
      const response = await request();
      expectError(response, status, code);
      expect(await spec.snapshot(p, c, [cardId])).toEqual(before);
      return response;
    }

    describe.each(spec.endpoints)('%s', (_, endpoint) => {
      it('no Authorization header → 401 UNAUTHORIZED with a Bearer challenge', async () => {
        const response = await refused(() => call(endpoint, {}), 401, 'UNAUTHORIZED');
        expect(response.headers['www-authenticate']).toBe('Bearer realm="cardepass"');
      });

      const json = { 'content-type': 'application/json' };
      it.each(endpoint.method === 'POST' ? [
        ['malformed JSON', { payload: '{"cardId":', headers: json }],
        ['a body missing every field', { payload: '{}', headers: json }],
        ['a body over the size limit', { payload: JSON.stringify({ cardId: 'x'.repeat(70 * 1024) }), headers: json }],
        ['a body of another content type', { payload: 'cardId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      ] : [
        ['a query that fails validation', { query: { PageSize: '1000', OrderType: 'Nope' }, headers: {} }],
      ])('no token and %s → 401 UNAUTHORIZED: the token is checked before the request is read', async (_, r: { payload?: string; query?: Record<string, string>; headers: Record<string, string> }) => {
        const response = await p.app.inject({ method: endpoint.method, url: `${p.config.basePath}${endpoint.path}`, ...r });
        expectError(Object.assign(response, { json: response.json() }), 401, 'UNAUTHORIZED');
      });

      it.each([
        ['a garbage token', () => 'Bearer not-a-token'],
        ['an empty Bearer', () => 'Bearer '],
        ['another scheme (Basic)', () => `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`],
        ['the bare token without "Bearer"', () => c.token],
        ['a token signed with another key', () => `Bearer ${sign({}, randomBytes(32))}`],
        ['a token whose claims were changed after signing', () => {
          const [header, , signature] = c.token.split('.');
          const forged = Buffer.from(JSON.stringify({ ...claims(), sub: 'CUS-someone-else', exp: now() + 86_400 })).toString('base64url');
          return `Bearer ${header}.${forged}.${signature}`;
        }],
        ['a token with alg "none"', () => {
          const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
          return `Bearer ${header}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
        }],
        ['an expired token', () => `Bearer ${sign({ iat: now() - 7200, exp: now() - 1 })}`],
        ['a token for a client that does not exist', () => `Bearer ${sign({ client_id: 'cdp_nobody' })}`],
        ['a token naming another customer than its client\'s', () => `Bearer ${sign({ sub: 'CUS00000000000000' })}`],
      ])('%s → 401 INVALID_TOKEN', async (_, authorization) => {
        const response = await refused(() => call(endpoint, { authorization: authorization() }), 401, 'INVALID_TOKEN');
        expect(response.json.errorMessage).toBe('The access token is invalid or has expired');
      });

      it('an expired token, in Chinese', async () => {
        const response = await refused(() => call(endpoint, { authorization: `Bearer ${sign({ exp: now() - 60 })}`, 'accept-language': 'zh-CN' }), 401, 'INVALID_TOKEN');
        expect(response.json.errorMessage).toBe('访问令牌无效或已过期');
      });

      it.each([['other'], ['openapi.read'], ['']])('a token with scope %j → 403 INSUFFICIENT_SCOPE', async (scope) => {
        const response = await refused(() => call(endpoint, { authorization: `Bearer ${sign({ scope })}` }), 403, 'INSUFFICIENT_SCOPE');
        expect(response.headers['www-authenticate']).toContain('insufficient_scope');
      });

      it('a disabled customer → 403 CUSTOMER_DISABLED; enabled again, the same token works', async () => {
        const before = await spec.snapshot(p, c, [cardId]);
        expect((await p.admin('POST', `/customers/${c.customerId}/disable`)).statusCode).toBe(200);
        try {
          const response = await call(endpoint, { authorization: `Bearer ${c.token}` });
          expectError(response, 403, 'CUSTOMER_DISABLED', 'This customer account is disabled');
        } finally {
          expect((await p.admin('POST', `/customers/${c.customerId}/enable`)).statusCode).toBe(200);
        }
        expect(await spec.snapshot(p, c, [cardId])).toEqual(before);
      });

      it('a revoked client → 401 INVALID_TOKEN; the customer\'s other client is unaffected', async () => {
        const created = await p.admin('POST', `/customers/${c.customerId}/clients`);
        expect(created.statusCode, created.body).toBe(200);
        const token = await p.token(created.json.data.clientId, created.json.data.clientSecret);
        expect((await p.api('GET', spec.probe, { token })).statusCode).toBe(200);
        expect((await p.admin('POST', `/clients/${created.json.data.clientId}/revoke`)).statusCode).toBe(200);
        await refused(() => call(endpoint, { authorization: `Bearer ${token}` }), 401, 'INVALID_TOKEN');
        expect((await p.api('GET', spec.probe, { token: c.token })).statusCode).toBe(200);
      });
    });
  });
}
