import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';
import { applyCard } from '../../test/standard-kit.ts';
import { findUnsafeInput, MAX_INPUT_DEPTH, unsafeTextReason } from './input-guard.ts';

describe('unsafeTextReason', () => {
  it('refuses NUL, the other C0 controls and lone surrogates', () => {
    for (const text of ['a\u0000', '\u0001', 'x\u001by', '\u001f', 'a\ud800', '\udfff', '\ud800\ud800', 'x\udc00\ud800']) {
      expect(unsafeTextReason(text), JSON.stringify(text)).not.toBeNull();
    }
    expect(unsafeTextReason('a\u0000')!.en).toMatch(/control characters/);
    expect(unsafeTextReason('a\ud800')!.en).toMatch(/surrogates/);
  });

  it('lets through ordinary text, tab, line breaks, emoji (paired surrogates) and non-Latin scripts', () => {
    for (const text of ['', 'CARD7K2M9Q4TX1B8N6PR', 'My card\twith\nlines\r\n', '\ud83d\ude00 café 中文', '\u007f\u0085\u2028\ufeff']) {
      expect(unsafeTextReason(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('names the field of the first bad string, nested keys and bad keys included', () => {
    expect(findUnsafeInput({ a: 'ok', b: { c: ['ok', 'x\u0000'] } }, '')?.params.field).toBe('b.c.1');
    expect(findUnsafeInput({ ['k\u0000']: 1 }, '')?.params.field).toBe('k\\u0000');
    expect(findUnsafeInput({ a: 1, b: null, c: true, d: ['x'] }, '')).toBeNull();
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels, without recursing further`, () => {
    const nest = (depth: number) => { let v: unknown = 'x'; for (let i = 0; i < depth; i++) v = [v]; return v; };
    expect(findUnsafeInput(nest(MAX_INPUT_DEPTH), '')).toBeNull();
    expect(findUnsafeInput(nest(MAX_INPUT_DEPTH + 1), '')?.params.reason).toMatchObject({ en: expect.stringMatching(/deeper than/) });
    expect(findUnsafeInput(nest(100_000), '')).not.toBeNull();
  });
});

describe('input guard over HTTP: NUL, control characters and lone surrogates never reach PostgreSQL', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let cardId: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '500' });
    ({ cardId } = await applyCard(p, c, '50'));
  });
  afterAll(async () => { await p?.close(); });

  const json = { 'content-type': 'application/json' };
  /** A raw JSON body: `\u0000` and `\ud800` escapes as a client sends them. */
  const post = (path: string, raw: string, headers: Record<string, string> = {}) => p.api('POST', path, { token: c.token, body: raw, headers: { ...json, ...headers } });

  function expectRefused(response: Awaited<ReturnType<TestPlatform['api']>>, field: string, what: RegExp = /control characters/) {
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json.errorCode).toBe('VALIDATION_FAILED');
    expect(response.json.errorMessage).toContain(`'${field}'`);
    expect(response.json.errorMessage).toMatch(what);
  }

  it('order bodies: ids, cardAlias, customerOrderNo', async () => {
    expectRefused(await post('/v1/orders/standard/topup', '{"cardId":"CARD\\u0000X","topUpAmount":10}'), 'cardId');
    expectRefused(await post('/v1/orders/standard/apply', '{"productCode":"PROD001","cardCurrency":"USD","topUpAmount":10,"cardAlias":"a\\u0000"}'), 'cardAlias');
    expectRefused(await post('/v1/orders/standard/apply', '{"productCode":"PROD001","cardCurrency":"USD","topUpAmount":10,"cardAlias":"a\\ud800"}'), 'cardAlias', /surrogates/);
    expectRefused(await post('/v1/orders/sharebalance/apply', '{"productCode":"PROD\\u0001","cardCurrency":"USD","maxAuthAmount":10}'), 'productCode');
    expectRefused(await post('/v1/orders/standard/block', `{"cardId":"${cardId}","customerOrderNo":"\\udc00"}`), 'customerOrderNo', /surrogates/);
  });

  it('simulate bodies: merchantName and transactionId, on a real card', async () => {
    expectRefused(await post('/v1/simulate/authorize', `{"cardId":"${cardId}","amount":1,"merchantName":"Shop\\u0000"}`), 'merchantName');
    expectRefused(await post('/v1/simulate/clear', '{"transactionId":"\\u0000"}'), 'transactionId');
  });

  it('the path: GET /v1/cards/{cardId} with %00', async () => {
    expectRefused(await p.api('GET', `/v1/cards/${cardId}%00`, { token: c.token }), 'cardId');
  });

  it('every list\'s query parameters', async () => {
    for (const [path, query] of [['/v1/transactions', 'CardId'], ['/v1/transactions', 'AuthorizationId'], ['/v1/accounts/cardAccountLogs', 'CardId'],
      ['/v1/accounts/accountLogs', 'Currency'], ['/v1/orders/standard', 'OrderNo'], ['/v1/orders/sharebalance', 'CustomerOrderNo'], ['/v1/transactions', 'TransactionDateFrom']] as const) {
      expectRefused(await p.api('GET', `${path}?${query}=A%00B`, { token: c.token }), query);
    }
  });

  it('the operator API: names and ids', async () => {
    const created = await p.admin('POST', '/customers', { name: 'Acme\u0000' });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json.errorMessage).toContain("'name'");
    const deposit = await p.admin('POST', '/deposits', { customerId: `${c.customerId}\u0000`, currency: 'USD', amount: '1', reference: 'r-nul' });
    expect(deposit.json.errorMessage).toContain("'customerId'");
  });

  it('answers in Chinese when asked', async () => {
    const response = await post('/v1/orders/standard/topup', '{"cardId":"\\u0000","topUpAmount":10}', { 'accept-language': 'zh' });
    expect(response.json.errorMessage).toBe("参数 'cardId' 无效：不能包含控制字符（如 NUL）");
  });

  it('lets tabs, line breaks and emoji through to the handler, and the ledger stays clean', async () => {
    const response = await post('/v1/orders/standard/apply', '{"productCode":"PROD001","cardCurrency":"USD","topUpAmount":10,"cardAlias":"Team\\tcard \\ud83d\\ude00\\n"}');
    expect(response.statusCode, response.body).toBe(200);
    const card = await p.api('GET', `/v1/cards/${response.json.data.cardInfos[0].cardId}`, { token: c.token });
    expect(card.json.data.alias).toBe('Team\tcard \ud83d\ude00\n');
    await p.expectLedgerClean();
  });
});
