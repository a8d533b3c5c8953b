import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';

describe('GET /openapi/v1/ping', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  it('answers a valid token with the success envelope and no data', async () => {
    const c = await p.customer();
    const response = await p.api('GET', '/v1/ping', { token: c.token });
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ responseId: response.headers['x-response-id'], hasError: false, errorCode: null, errorMessage: 'Success', data: null });
  });

  it('answers without a token with 401, so a client can check its token with it', async () => {
    const response = await p.api('GET', '/v1/ping');
    expect(response.statusCode).toBe(401);
    expect(response.json.errorCode).toBe('UNAUTHORIZED');
  });

  it('tolerates a trailing slash, as clients copy paths from the documents', async () => {
    const c = await p.customer();
    expect((await p.api('GET', '/v1/ping/', { token: c.token })).statusCode).toBe(200);
  });

  it('answers only GET', async () => {
    const c = await p.customer();
    const response = await p.api('POST', '/v1/ping', { token: c.token, body: {} });
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('ROUTE_NOT_FOUND');
  });
});
