// Bad input on every Standard-mode POST endpoint: each case must answer a 4xx
// envelope naming the problem (in English, and in Chinese on request) and
// change nothing a client can see.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, ORDER_ENDPOINTS, ORDER_PATHS, snapshot, validBody, type OrderEndpoint } from '../../../../../test/standard-kit.ts';

interface Case {
  name: string;
  /** A JSON body, or with `raw` the exact text sent. */
  body?: unknown;
  raw?: string;
  contentType?: string | null;
  status: number;
  code: string;
  en: string;
  zh: string;
}

const CARD_ENDPOINTS: OrderEndpoint[] = ['topup', 'withdraw', 'block', 'unblock', 'cancel'];
const AMOUNT_FIELD: Partial<Record<OrderEndpoint, string>> = { apply: 'topUpAmount', topup: 'topUpAmount', withdraw: 'withdrawAmount' };
const BODY_LIMIT = 64 * 1024;

const invalid = (field: string) => ({ status: 400, code: 'VALIDATION_FAILED', en: `Invalid value for '${field}'`, zh: `参数 '${field}' 无效` });
const required = (field: string) => ({ status: 400, code: 'VALIDATION_FAILED', en: `Invalid value for '${field}': is required`, zh: `参数 '${field}' 无效：为必填项` });
const badAmount = (field: string, en: string, zh: string) => ({ status: 400, code: 'INVALID_AMOUNT', en: `Invalid amount '${field}': ${en}`, zh: `金额 '${field}' 无效：${zh}` });

function casesFor(endpoint: OrderEndpoint, cardId: string): Case[] {
  const body = (extra: Record<string, unknown>) => validBody(endpoint, cardId, extra);
  const cases: Case[] = [
    { name: 'malformed JSON', raw: '{"cardId": "x",', contentType: 'application/json', status: 400, code: 'MALFORMED_JSON', en: 'The request body is not valid JSON', zh: '请求体不是有效的 JSON' },
    { name: 'an empty JSON body', raw: '', contentType: 'application/json', status: 400, code: 'MALFORMED_JSON', en: 'not valid JSON', zh: '不是有效的 JSON' },
    { name: 'a JSON array', body: [body({})], ...invalid('body') },
    { name: 'JSON null', raw: 'null', contentType: 'application/json', ...invalid('body') },
    { name: `a body over ${BODY_LIMIT} bytes`, body: body({ customerOrderNo: 'x'.repeat(BODY_LIMIT) }), status: 413, code: 'PAYLOAD_TOO_LARGE', en: `exceeds ${BODY_LIMIT} bytes`, zh: `请求体超过 ${BODY_LIMIT} 字节` },
    ...['text/plain', 'application/x-www-form-urlencoded', 'application/xml'].map((type) => ({
      name: `Content-Type ${type}`, contentType: type,
      raw: type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body({}) as Record<string, string>).toString() : JSON.stringify(body({})),
      status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', en: `Content-Type '${type}' is not supported`, zh: `不支持的 Content-Type '${type}'`,
    })),
    { name: 'no Content-Type', raw: JSON.stringify(body({})), contentType: null, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', en: 'send application/json', zh: '请使用 application/json' },
    { name: 'customerOrderNo as a number', body: body({ customerOrderNo: 123 }), ...invalid('customerOrderNo') },
    { name: 'customerOrderNo with a space', body: body({ customerOrderNo: 'A B' }), ...invalid('customerOrderNo') },
    { name: 'customerOrderNo longer than 64', body: body({ customerOrderNo: 'A'.repeat(65) }), ...invalid('customerOrderNo') },
    { name: 'an empty customerOrderNo', body: body({ customerOrderNo: '' }), ...invalid('customerOrderNo') },
  ];
  if (endpoint === 'apply') {
    cases.push(
      { name: 'productCode missing', body: { cardCurrency: 'USD', topUpAmount: '10' }, ...required('productCode') },
      { name: 'cardCurrency missing', body: { productCode: 'PROD001', topUpAmount: '10' }, ...required('cardCurrency') },
      { name: 'productCode as a number', body: body({ productCode: 1 }), ...invalid('productCode') },
      { name: 'cardCurrency of two letters', body: body({ cardCurrency: 'US' }), ...invalid('cardCurrency') },
      { name: 'cardAlias as an object', body: body({ cardAlias: { name: 'x' } }), ...invalid('cardAlias') },
      { name: 'cardAlias longer than 64', body: body({ cardAlias: 'a'.repeat(65) }), ...invalid('cardAlias') },
    );
  } else {
    cases.push(
      { name: 'cardId missing', body: body({ cardId: undefined }), ...required('cardId') },
      { name: 'cardId as a number', body: body({ cardId: 123 }), ...invalid('cardId') },
      { name: 'cardId null', body: body({ cardId: null }), ...invalid('cardId') },
      { name: 'an empty cardId', body: body({ cardId: '' }), ...invalid('cardId') },
      { name: 'an unknown cardId', body: body({ cardId: 'CARD0000000000000000' }), status: 404, code: 'CARD_NOT_FOUND', en: "Card 'CARD0000000000000000' does not exist", zh: "卡 'CARD0000000000000000' 不存在" },
    );
  }
  const field = AMOUNT_FIELD[endpoint];
  if (field) {
    const wrongType = { status: 400, code: 'VALIDATION_FAILED', en: `Invalid value for '${field}': has the wrong type`, zh: `参数 '${field}' 无效：类型错误` };
    const notPositive = badAmount(field, 'must be greater than zero', '必须大于零');
    const notNumber = badAmount(field, 'must be a decimal number', '必须是十进制数');
    const decimals = badAmount(field, 'USD amounts have at most 2 decimals', 'USD 金额最多 2 位小数');
    const tooLarge = badAmount(field, 'is larger than the platform allows', '超过平台允许的最大值');
    if (endpoint !== 'withdraw') cases.push({ name: `${field} missing`, body: body({ [field]: undefined }), ...required(field) });
    cases.push(
      ...[true, {}, [], [10]].map((value) => ({ name: `${field} ${JSON.stringify(value)}`, body: body({ [field]: value }), ...wrongType })),
      ...[-10, '-10', -0.01].map((value) => ({ name: `${field} ${JSON.stringify(value)}`, body: body({ [field]: value }), ...notPositive })),
      ...[0, '0', '0.00'].map((value) => ({ name: `${field} ${JSON.stringify(value)}`, body: body({ [field]: value }), ...notPositive })),
      ...['1.001', 1.001, '0.001'].map((value) => ({ name: `${field} ${JSON.stringify(value)}`, body: body({ [field]: value }), ...decimals })),
      ...['1e3', '1E3', 1e21, 'abc', '10,5', 'Infinity', '0x10', ' ', '1.2.3'].map((value) => ({ name: `${field} ${JSON.stringify(value)}`, body: body({ [field]: value }), ...notNumber })),
      ...['123456789012', 123456789012, '99999999999.99'].map((value) => ({ name: `${field} ${JSON.stringify(value)}`, body: body({ [field]: value }), ...tooLarge })),
    );
  }
  return cases;
}

describe('bad input on the Standard-mode order endpoints', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let other: TestCustomer;
  let cardId: string;
  let otherCardId: string;
  const state = () => Promise.all([snapshot(p, c, [cardId]), snapshot(p, other, [otherCardId])]);

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '1000' });
    other = await p.customer({ USD: '1000' });
    cardId = (await applyCard(p, c, '100')).cardId;
    otherCardId = (await applyCard(p, other, '100')).cardId;
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  const send = (endpoint: OrderEndpoint, k: Case, language?: string) => {
    const headers: Record<string, string> = language ? { 'accept-language': language } : {};
    if (k.raw === undefined) return p.api('POST', ORDER_PATHS[endpoint], { token: c.token, body: k.body, headers });
    if (k.contentType) headers['content-type'] = k.contentType;
    return p.api('POST', ORDER_PATHS[endpoint], { token: c.token, body: k.raw, headers });
  };

  describe.each(ORDER_ENDPOINTS)('POST %s', (endpoint) => {
    // Test names are built before beforeAll runs; the real card id is substituted when the case runs.
    it.each(casesFor(endpoint, 'CARD_PLACEHOLDER').map((k) => [k.name, k] as const))('%s → 4xx, nothing changed', async (_, template) => {
      const k = casesFor(endpoint, cardId).find((x) => x.name === template.name)!;
      const before = await state();
      const en = await send(endpoint, k);
      expectError(en, k.status, k.code, k.en);
      const zh = await send(endpoint, k, 'zh-CN,zh;q=0.9,en;q=0.5');
      expectError(zh, k.status, k.code, k.zh);
      expect(await state()).toEqual(before);
    });
  });

  describe.each(CARD_ENDPOINTS)("POST %s with another customer's card id", (endpoint) => {
    it('answers 404 exactly as for a card that does not exist, and changes nothing', async () => {
      const before = await state();
      const foreign = await p.api('POST', ORDER_PATHS[endpoint], { token: c.token, body: validBody(endpoint, otherCardId) });
      const missing = await p.api('POST', ORDER_PATHS[endpoint], { token: c.token, body: validBody(endpoint, 'CARD0000000000000000') });
      expectError(foreign, 404, 'CARD_NOT_FOUND', `Card '${otherCardId}' does not exist`);
      const normalize = (r: typeof foreign, id: string) => ({
        status: r.statusCode, body: { ...r.json, responseId: null, errorMessage: r.json.errorMessage.replace(id, '<id>') },
      });
      expect(normalize(foreign, otherCardId)).toEqual(normalize(missing, 'CARD0000000000000000'));
      expect(await state()).toEqual(before);
      // Nor can the card be read.
      expectError(await p.api('GET', `/v1/cards/${otherCardId}`, { token: c.token }), 404, 'CARD_NOT_FOUND');
    });
  });
});
