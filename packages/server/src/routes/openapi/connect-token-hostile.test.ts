// The token endpoint under hostile input: every bad request answers RFC 6749 JSON
// ({ error, error_description }), never the /v1 envelope and never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';

describe('POST /openapi/connect/token with hostile input', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  const send = (payload: string, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }) =>
    p.api('POST', '/connect/token', { body: payload, headers });

  function expectOAuthError(response: Awaited<ReturnType<typeof send>>, status: number, error: string, description?: RegExp) {
    expect(response.statusCode, response.body).toBe(status);
    expect(Object.keys(response.json).sort()).toEqual(['error', 'error_description']);
    expect(response.json.error).toBe(error);
    if (description) expect(response.json.error_description).toMatch(description);
  }

  it('a NUL or a lone surrogate in client_id or client_secret → 400 invalid_request naming the field', async () => {
    expectOAuthError(await send(`grant_type=client_credentials&client_id=${c.clientId}%00&client_secret=x`), 400, 'invalid_request', /'client_id'.*control characters/);
    expectOAuthError(await send(`grant_type=client_credentials&client_id=${c.clientId}&client_secret=%01`), 400, 'invalid_request', /'client_secret'/);
    expectOAuthError(await send(JSON.stringify({ grant_type: 'client_credentials', client_id: 'a\ud800', client_secret: 'x' }), { 'content-type': 'application/json' }), 400, 'invalid_request', /surrogates/);
  });

  it('a NUL in HTTP Basic credentials → 400 invalid_request', async () => {
    const basic = Buffer.from(`${c.clientId}%00:${c.clientSecret}`).toString('base64');
    expectOAuthError(await send('grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` }), 400, 'invalid_request', /control characters/);
  });

  it('malformed JSON, an unsupported content type, a body too large, duplicate fields → 400 invalid_request', async () => {
    expectOAuthError(await send('{"grant_type":', { 'content-type': 'application/json' }), 400, 'invalid_request', /not valid JSON/);
    expectOAuthError(await send('', { 'content-type': 'application/json' }), 400, 'invalid_request');
    expectOAuthError(await send('<xml/>', { 'content-type': 'application/xml' }), 400, 'invalid_request', /send application\/x-www-form-urlencoded/);
    expectOAuthError(await send(`grant_type=client_credentials&x=${'a'.repeat(70_000)}`), 400, 'invalid_request', /exceeds/);
    expectOAuthError(await send('grant_type=client_credentials&grant_type=password'), 400, 'invalid_request', /'grant_type'/);
    expectOAuthError(await send('{"__proto__":{"x":1},"grant_type":"client_credentials"}', { 'content-type': 'application/json' }), 400, 'invalid_request');
  });

  it('the same credentials without the bad byte still get a token', async () => {
    const response = await send(`grant_type=client_credentials&client_id=${c.clientId}&client_secret=${encodeURIComponent(c.clientSecret)}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.token_type).toBe('Bearer');
  });
});
