import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ENVELOPE_KEYS = ['data', 'errorCode', 'errorMessage', 'hasError', 'responseId'];
const CHINESE = /[\u4e00-\u9fff]/;

type Response = Awaited<ReturnType<TestPlatform['api']>>;

/** The documents' envelope, with the response id also in the header. */
function expectEnvelope(response: Response, status: number, errorCode: string | null) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(response.json).sort()).toEqual(ENVELOPE_KEYS);
  expect(response.json.responseId).toMatch(UUID);
  expect(response.headers['x-response-id']).toBe(response.json.responseId);
  expect(response.json.hasError).toBe(errorCode !== null);
  expect(response.json.errorCode).toBe(errorCode);
  expect(typeof response.json.errorMessage).toBe('string');
  if (errorCode !== null) expect(response.json.data).toBeNull();
}

describe('response envelope', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('wraps success: hasError false, errorCode null, errorMessage Success', async () => {
    const ping = await p.api('GET', '/v1/ping', { token: c.token });
    expectEnvelope(ping, 200, null);
    expect(ping.json.errorMessage).toBe('Success');
    expect(ping.json.data).toBeNull();
    const products = await p.api('GET', '/v1/products', { token: c.token });
    expectEnvelope(products, 200, null);
    expect(Array.isArray(products.json.data)).toBe(true);
  });

  it('answers in Chinese when Accept-Language prefers zh', async () => {
    const ok = await p.api('GET', '/v1/ping', { token: c.token, headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expectEnvelope(ok, 200, null);
    expect(ok.json.errorMessage).toBe('操作成功');
    const error = await p.api('GET', '/v1/cards/CARDNOPE', { token: c.token, headers: { 'accept-language': 'zh' } });
    expectEnvelope(error, 404, 'CARD_NOT_FOUND');
    expect(error.json.errorMessage).toBe("卡 'CARDNOPE' 不存在");
    const english = await p.api('GET', '/v1/cards/CARDNOPE', { token: c.token, headers: { 'accept-language': 'en-US,zh;q=0.5' } });
    expect(english.json.errorMessage).toBe("Card 'CARDNOPE' does not exist");
  });

  it('gives every response its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await p.api('GET', '/v1/ping', { token: c.token })).json.responseId);
    expect(ids.size).toBe(5);
  });

  it('wraps 401, 400 validation and 404 errors', async () => {
    expectEnvelope(await p.api('GET', '/v1/ping'), 401, 'UNAUTHORIZED');
    const validation = await p.api('GET', '/v1/accounts/cardAccountLogs', { token: c.token, query: { PageSize: '101' } });
    expectEnvelope(validation, 400, 'VALIDATION_FAILED');
    expect(validation.json.errorMessage).toContain('PageSize');
    const zh = await p.api('GET', '/v1/accounts/cardAccountLogs', { token: c.token, query: { PageSize: '101' }, headers: { 'accept-language': 'zh' } });
    expect(zh.json.errorMessage).toMatch(CHINESE);
    expectEnvelope(await p.api('GET', '/v1/cards/CARDNOPE', { token: c.token }), 404, 'CARD_NOT_FOUND');
  });

  it('wraps body errors: malformed JSON, wrong content type, oversized body', async () => {
    const apply = (body: string, contentType: string) =>
      p.api('POST', '/v1/orders/standard/apply', { token: c.token, body, headers: { 'content-type': contentType } });
    expectEnvelope(await apply('{"productCode": ', 'application/json'), 400, 'MALFORMED_JSON');
    const media = await apply('<productCode>PROD001</productCode>', 'application/xml');
    expectEnvelope(media, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(media.json.errorMessage).toContain('application/xml');
    const large = await apply(JSON.stringify({ productCode: 'PROD001', cardAlias: 'x'.repeat(70 * 1024) }), 'application/json');
    expectEnvelope(large, 413, 'PAYLOAD_TOO_LARGE');
    expect(large.json.errorMessage).toContain(String(p.config.bodyLimitBytes));
  });

  it('wraps 404 for unknown routes under /openapi, with or without a token', async () => {
    for (const token of [c.token, undefined]) {
      const response = await p.api('GET', '/v1/nope', { token });
      expectEnvelope(response, 404, 'ROUTE_NOT_FOUND');
      expect(response.json.errorMessage).toBe('No endpoint GET /openapi/v1/nope');
    }
    const zh = await p.api('POST', '/v1/nope?x=1', { token: c.token, headers: { 'accept-language': 'zh' } });
    expectEnvelope(zh, 404, 'ROUTE_NOT_FOUND');
    expect(zh.json.errorMessage).toBe('接口不存在：POST /openapi/v1/nope');
  });

  it('wraps 404 for unknown routes and 401 for a missing key under /admin/v1', async () => {
    expectEnvelope(await p.admin('GET', '/nope'), 404, 'ROUTE_NOT_FOUND');
    const noKey = await p.app.inject({ method: 'GET', url: '/admin/v1/customers' });
    expectEnvelope(Object.assign(noKey, { json: noKey.json() }), 401, 'ADMIN_UNAUTHORIZED');
  });

  it('sets X-Response-Id on token endpoint answers too (which use the OAuth2 format)', async () => {
    const response = await p.api('POST', '/connect/token', { body: 'grant_type=password', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.headers['x-response-id']).toMatch(UUID);
    expect(response.json).not.toHaveProperty('responseId');
  });
});

describe('500 responses', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer({ USD: '10' });
    // Authenticate once so the client's status is cached and the failure happens in the endpoint itself.
    expect((await p.api('GET', '/v1/accounts', { token: c.token })).statusCode).toBe(200);
    await p.store.close();
  });
  // The store is closed already: close only the app.
  afterAll(async () => { await p?.app.close(); });

  it('answers a database failure with the INTERNAL_ERROR envelope and nothing internal', async () => {
    for (const language of ['en', 'zh']) {
      const response = await p.api('GET', '/v1/accounts', { token: c.token, headers: { 'accept-language': language } });
      expectEnvelope(response, 500, 'INTERNAL_ERROR');
      expect(response.json.errorMessage).toBe(language === 'zh' ? '服务器内部错误，请提供 responseId 联系技术支持' : 'Internal error; quote the responseId when contacting support');
      expect(response.body).not.toMatch(/select|ledger_accounts|balance_minor|kysely|pglite|pool|stack|\.ts:\d+|at \w+ \(/i);
    }
  });
});
