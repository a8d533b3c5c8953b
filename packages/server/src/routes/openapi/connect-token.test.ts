import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('POST /openapi/connect/token', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const requestToken = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    p.api('POST', '/connect/token', { body: form(fields), headers: { ...FORM, ...headers } });
  const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

  function expectOAuthError(response: Awaited<ReturnType<typeof requestToken>>, status: number, error: string) {
    expect(response.statusCode, response.body).toBe(status);
    expect(Object.keys(response.json).sort()).toEqual(['error', 'error_description']);
    expect(response.json.error).toBe(error);
    expect(response.json.error_description).toEqual(expect.any(String));
    expect(response.json.error_description.length).toBeGreaterThan(0);
  }

  describe('issuing tokens', () => {
    it('answers form-encoded body credentials with exactly the OAuth2 token fields', async () => {
      const c = await p.customer();
      const response = await requestToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openapi' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer', scope: 'openapi' });
      expect(response.json.access_token.split('.')).toHaveLength(3);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
    });

    it('issues a JWT for the client\'s customer that lives expires_in seconds', async () => {
      const c = await p.customer();
      const response = await requestToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret });
      const claims = claimsOf(response.json.access_token);
      expect(claims).toMatchObject({ iss: 'cardepass', sub: c.customerId, client_id: c.clientId, scope: 'openapi' });
      expect(claims.exp - claims.iat).toBe(3600);
      expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(60);
      expect(JSON.stringify(claims)).not.toContain(c.clientSecret);
    });

    it('defaults an omitted scope to openapi, and the token works on /v1', async () => {
      const c = await p.customer();
      const response = await requestToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json.scope).toBe('openapi');
      const ping = await p.api('GET', '/v1/ping', { token: response.json.access_token });
      expect(ping.statusCode, ping.body).toBe(200);
    });

    it('accepts HTTP Basic client credentials', async () => {
      const c = await p.customer();
      const response = await requestToken({ grant_type: 'client_credentials' }, basic(c.clientId, c.clientSecret));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer', scope: 'openapi' });
      expect(claimsOf(response.json.access_token).client_id).toBe(c.clientId);
    });

    it('issues a different token on every request', async () => {
      const c = await p.customer();
      const fields = { grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret };
      const [a, b] = [await requestToken(fields), await requestToken(fields)];
      expect(a.json.access_token).not.toBe(b.json.access_token);
    });
  });

  describe('RFC 6749 errors', () => {
    it('missing grant_type → 400 invalid_request', async () => {
      const c = await p.customer();
      const response = await requestToken({ client_id: c.clientId, client_secret: c.clientSecret });
      expectOAuthError(response, 400, 'invalid_request');
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('grant_type=password → 400 unsupported_grant_type', async () => {
      const c = await p.customer();
      expectOAuthError(await requestToken({ grant_type: 'password', client_id: c.clientId, client_secret: c.clientSecret, username: 'u', password: 'p' }),
        400, 'unsupported_grant_type');
    });

    it('scope other than openapi → 400 invalid_scope, and no token', async () => {
      const c = await p.customer();
      for (const scope of ['admin', 'openapi admin', 'OPENAPI']) {
        const response = await requestToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope });
        expectOAuthError(response, 400, 'invalid_scope');
      }
    });

    it('wrong secret → 401 invalid_client with WWW-Authenticate', async () => {
      const c = await p.customer();
      const response = await requestToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: `${c.clientSecret}x` });
      expectOAuthError(response, 401, 'invalid_client');
      expect(response.headers['www-authenticate']).toMatch(/^Basic /);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('wrong secret over HTTP Basic → 401 invalid_client', async () => {
      const c = await p.customer();
      expectOAuthError(await requestToken({ grant_type: 'client_credentials' }, basic(c.clientId, 'nope')), 401, 'invalid_client');
    });

    it('unknown client → 401 invalid_client, the same answer as a wrong secret', async () => {
      const c = await p.customer();
      const unknown = await requestToken({ grant_type: 'client_credentials', client_id: 'cdp_doesnotexist', client_secret: c.clientSecret });
      const wrong = await requestToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: 'nope' });
      expectOAuthError(unknown, 401, 'invalid_client');
      expect(unknown.json).toEqual(wrong.json);
    });

    it('missing credentials → 401 invalid_client', async () => {
      const c = await p.customer();
      expectOAuthError(await requestToken({ grant_type: 'client_credentials' }), 401, 'invalid_client');
      expectOAuthError(await requestToken({ grant_type: 'client_credentials', client_id: c.clientId }), 401, 'invalid_client');
    });

    it('revoked client → 401 invalid_client', async () => {
      const c = await p.customer();
      expect((await p.admin('POST', `/clients/${c.clientId}/revoke`)).statusCode).toBe(200);
      expectOAuthError(await requestToken({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret }), 401, 'invalid_client');
    });

    it('disabled customer → 401 invalid_client; enabled again → tokens again', async () => {
      const c = await p.customer();
      const fields = { grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret };
      expect((await p.admin('POST', `/customers/${c.customerId}/disable`)).statusCode).toBe(200);
      expectOAuthError(await requestToken(fields), 401, 'invalid_client');
      expect((await p.admin('POST', `/customers/${c.customerId}/enable`)).statusCode).toBe(200);
      expect((await requestToken(fields)).statusCode).toBe(200);
    });

    it('a body that fails the schema or an unsupported content type → 400 invalid_request, not the envelope', async () => {
      const c = await p.customer();
      expectOAuthError(await requestToken({ grant_type: 'client_credentials', client_id: 'x'.repeat(500), client_secret: c.clientSecret }), 400, 'invalid_request');
      const plain = await p.api('POST', '/connect/token', { body: 'grant_type=client_credentials', headers: { 'content-type': 'text/plain' } });
      expectOAuthError(plain, 400, 'invalid_request');
    });
  });

  describe('secret storage', () => {
    it('stores only a scrypt hash of the secret', async () => {
      const c = await p.customer();
      const row = await p.store.db.selectFrom('api_clients').selectAll().where('client_id', '=', c.clientId).executeTakeFirstOrThrow();
      expect(row.secret_hash.startsWith('scrypt$')).toBe(true);
      expect(row.secret_hash).not.toContain(c.clientSecret);
      expect(row.secret_hash).not.toContain(c.clientSecret.slice(5, 25));
      expect(JSON.stringify(row)).not.toContain(c.clientSecret);
    });

    it('does not show the secret again when clients are listed', async () => {
      const c = await p.customer();
      const list = await p.admin('GET', `/customers/${c.customerId}/clients`);
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(c.clientSecret);
      expect(list.json.data[0]).not.toHaveProperty('clientSecret');
    });
  });
});
