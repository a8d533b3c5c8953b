// Hostile requests that once escaped the envelope or gave a 500: router errors (broken
// percent-encoding, over-long path parameters), content-parser errors, prototype keys,
// deep nesting, numbers at every edge, duplicate and absurd query values, dates
// PostgreSQL cannot hold. Each answers the envelope with a 4xx, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';
import { applyCard } from '../../test/standard-kit.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
type Response = Awaited<ReturnType<TestPlatform['api']>>;

function expectError(response: Response, status: number, code: string, message?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(Object.keys(response.json ?? {}).sort()).toEqual(['data', 'errorCode', 'errorMessage', 'hasError', 'responseId']);
  expect(response.json.responseId).toMatch(UUID);
  expect(response.headers['x-response-id']).toBe(response.json.responseId);
  expect(response.json).toMatchObject({ hasError: true, errorCode: code, data: null });
  if (message) expect(response.json.errorMessage).toContain(message);
}

describe('hostile requests answer the envelope, never a 5xx', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let cardId: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '500' });
    ({ cardId } = await applyCard(p, c, '50'));
  });
  afterAll(async () => { await p?.close(); });

  const get = (path: string, headers: Record<string, string> = {}) => p.api('GET', path, { token: c.token, headers });
  const postRaw = (path: string, raw: string, contentType = 'application/json') => p.api('POST', path, { token: c.token, body: raw, headers: { 'content-type': contentType } });

  it('broken percent-encoding in the path → 400 VALIDATION_FAILED naming the url, on /v1 and /admin/v1, in both languages', async () => {
    for (const path of ['/v1/cards/%FF%FE', '/v1/cards/%', '/v1/cards/%G1', '/v1/cards/%C0%AF']) {
      expectError(await get(path), 400, 'VALIDATION_FAILED', "Invalid value for 'url': is not valid percent-encoded UTF-8");
    }
    const admin = await p.app.inject({ method: 'POST', url: '/admin/v1/customers/%FF/disable', headers: { 'x-admin-key': p.adminKey } });
    expectError(Object.assign(admin, { json: admin.json() }), 400, 'VALIDATION_FAILED', "'url'");
    expectError(await get('/v1/cards/%FF', { 'accept-language': 'zh-CN' }), 400, 'VALIDATION_FAILED', "参数 'url' 无效：不是有效的百分号编码 UTF-8");
  });

  it('a path parameter over 100 characters → 400 VALIDATION_FAILED, not 414 from the router; 100 reaches the handler', async () => {
    expectError(await get(`/v1/cards/${'A'.repeat(101)}`), 400, 'VALIDATION_FAILED', 'longer than 100 characters');
    // 64 is the schema's limit for a card id; up to the router's 100, the schema answers.
    expectError(await get(`/v1/cards/${'A'.repeat(100)}`), 400, 'VALIDATION_FAILED', "'cardId'");
    expectError(await get('/v1/cards/CARD0000000000000000'), 404, 'CARD_NOT_FOUND');
  });

  it('content-parser errors: wrong type, malformed or empty JSON, prototype keys, deep nesting', async () => {
    const path = '/v1/orders/standard/topup';
    const body = JSON.stringify({ cardId, topUpAmount: 1 });
    expectError(await postRaw(path, body, 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await postRaw(path, body, 'text/plain; charset=utf-8'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await postRaw(path, '{"cardId":'), 400, 'MALFORMED_JSON');
    expectError(await postRaw(path, ''), 400, 'MALFORMED_JSON');
    expectError(await postRaw(path, `{"__proto__":{"isAdmin":true},"cardId":"${cardId}","topUpAmount":1}`), 400, 'MALFORMED_JSON');
    expectError(await postRaw(path, `{"constructor":{"prototype":{"isAdmin":true}},"cardId":"${cardId}","topUpAmount":1}`), 400, 'MALFORMED_JSON');
    expectError(await postRaw(path, '['.repeat(20_000) + ']'.repeat(20_000)), 400, 'VALIDATION_FAILED', 'deeper than');
    expectError(await postRaw(path, `{"cardId":"${cardId}","topUpAmount":1,"x":${'['.repeat(40)}${']'.repeat(40)}}`), 400, 'VALIDATION_FAILED', "'x.0.0");
  });

  it('amounts at every edge → 400 INVALID_AMOUNT or VALIDATION_FAILED, never a top-up', async () => {
    const path = '/v1/orders/standard/topup';
    for (const amount of ['1e308', '-0', '1e-7', '"1e5"', String(Number.MAX_SAFE_INTEGER + 1), '1e999', '9'.repeat(400), '"NaN"', '0.000000001']) {
      const response = await postRaw(path, `{"cardId":"${cardId}","topUpAmount":${amount}}`);
      expect([400], `${amount}: ${response.body}`).toContain(response.statusCode);
      expect(['INVALID_AMOUNT', 'VALIDATION_FAILED'], amount).toContain(response.json.errorCode);
    }
    const orders = await get('/v1/orders/standard?OrderType=CardTopUp');
    expect(orders.json.data.totalRecords).toBe(0);
    await p.expectLedgerClean();
  });

  it('duplicate query parameters and PageSize=1e999 → 400 VALIDATION_FAILED naming the parameter', async () => {
    expectError(await get('/v1/transactions?CardId=a&CardId=b'), 400, 'VALIDATION_FAILED', "'CardId'");
    expectError(await get('/v1/transactions?PageSize=1e999'), 400, 'VALIDATION_FAILED', "'PageSize'");
    expectError(await get('/v1/accounts/accountLogs?Limit=-1'), 400, 'VALIDATION_FAILED', "'Limit'");
  });

  it('dates PostgreSQL cannot hold → 400 INVALID_DATE on every list that filters by date; the limits themselves work', async () => {
    for (const path of ['/v1/transactions', '/v1/accounts/accountLogs', `/v1/accounts/cardAccountLogs?CardId=${cardId}&`]) {
      const join = path.includes('?') ? '' : '?';
      expectError(await get(`${path}${join}TransactionDateFrom=0000-01-01`), 400, 'INVALID_DATE', "'TransactionDateFrom' must be a date between 2000-01-01 and 2100-12-31");
      expectError(await get(`${path}${join}TransactionDateTo=9999-12-31`, { 'accept-language': 'zh' }), 400, 'INVALID_DATE', "'TransactionDateTo' 必须是 2000-01-01 至 2100-12-31 之间的日期");
      const edge = await get(`${path}${join}TransactionDateFrom=2100-10-01&TransactionDateTo=2100-12-31`);
      expect(edge.statusCode, edge.body).toBe(200);
    }
  });
});
