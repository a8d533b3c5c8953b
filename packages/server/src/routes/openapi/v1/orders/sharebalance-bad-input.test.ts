// Bad input on every ShareBalance-mode POST endpoint: each case must answer a
// 4xx envelope naming the problem (in English, and in Chinese on request) and
// change nothing a client can see. Also: cards of the other mode, and of
// another customer, at each card endpoint.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, ORDER_PATHS, snapshot, validBody, type OrderEndpoint } from '../../../../../test/standard-kit.ts';
import { amountCases, cardIdCases, invalid, required, requestCases, sendCase, type Case } from '../../../../../test/bad-input-kit.ts';
import { applyShareCard, SB_CARD_ENDPOINTS, SB_ENDPOINTS, SB_PATHS, sbBody, sbSnapshot, type SbEndpoint } from '../../../../../test/share-balance-kit.ts';

function casesFor(endpoint: SbEndpoint, cardId: string): Case[] {
  const body = (extra: Record<string, unknown>) => sbBody(endpoint, cardId, extra);
  const cases = requestCases(body);
  if (endpoint === 'apply') {
    cases.push(
      { name: 'productCode missing', body: { cardCurrency: 'USD', maxAuthAmount: '10' }, ...required('productCode') },
      { name: 'cardCurrency missing', body: { productCode: 'PROD001', maxAuthAmount: '10' }, ...required('cardCurrency') },
      { name: 'productCode as a number', body: body({ productCode: 1 }), ...invalid('productCode') },
      { name: 'cardCurrency of four letters', body: body({ cardCurrency: 'USDT' }), ...invalid('cardCurrency') },
      { name: 'cardAlias as a number', body: body({ cardAlias: 7 }), ...invalid('cardAlias') },
      { name: 'cardAlias longer than 64', body: body({ cardAlias: 'a'.repeat(65) }), ...invalid('cardAlias') },
    );
  } else {
    cases.push(...cardIdCases(body));
  }
  if (endpoint === 'apply' || endpoint === 'creditLimit') {
    cases.push(...amountCases('maxAuthAmount', body, { required: true }));
    cases.push({ name: 'maxAuthAmount ""', body: body({ maxAuthAmount: '' }), status: 400, code: 'INVALID_AMOUNT', en: "Invalid amount 'maxAuthAmount': must be a decimal number", zh: "金额 'maxAuthAmount' 无效：必须是十进制数" });
    cases.push({ name: 'maxAuthAmount null', body: body({ maxAuthAmount: null }), ...invalid('maxAuthAmount') });
    // maxCreditAmount may be absent, null or "" (unlimited); anything else must be an amount.
    cases.push(...amountCases('maxCreditAmount', body, { required: false }));
  }
  return cases;
}

describe('bad input on the ShareBalance-mode order endpoints', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let other: TestCustomer;
  let cardId: string;
  let otherCardId: string;
  let standardCardId: string;
  const state = () => Promise.all([sbSnapshot(p, c, [cardId]), sbSnapshot(p, other, [otherCardId]), snapshot(p, c, [standardCardId])]);

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '1000' });
    other = await p.customer({ USD: '1000' });
    cardId = (await applyShareCard(p, c)).cardId;
    otherCardId = (await applyShareCard(p, other)).cardId;
    standardCardId = (await applyCard(p, c, '100')).cardId;
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  describe.each(SB_ENDPOINTS)('POST %s', (endpoint) => {
    // Test names are built before beforeAll runs; the real card id is substituted when the case runs.
    it.each(casesFor(endpoint, 'CARD_PLACEHOLDER').map((k) => [k.name, k] as const))('%s → 4xx, nothing changed', async (_, template) => {
      const k = casesFor(endpoint, cardId).find((x) => x.name === template.name)!;
      const before = await state();
      expectError(await sendCase(p, c, SB_PATHS[endpoint], k), k.status, k.code, k.en);
      expectError(await sendCase(p, c, SB_PATHS[endpoint], k, 'zh-CN,zh;q=0.9,en;q=0.5'), k.status, k.code, k.zh);
      expect(await state()).toEqual(before);
    });
  });

  describe.each(SB_CARD_ENDPOINTS)('POST %s', (endpoint) => {
    it('with a Standard card → 400 CARD_MODEL_MISMATCH, nothing changed', async () => {
      const before = await state();
      const response = await p.api('POST', SB_PATHS[endpoint], { token: c.token, body: sbBody(endpoint, standardCardId) });
      expectError(response, 400, 'CARD_MODEL_MISMATCH', `Card '${standardCardId}' is a Standard card; this endpoint is for ShareBalance cards`);
      const zh = await p.api('POST', SB_PATHS[endpoint], { token: c.token, body: sbBody(endpoint, standardCardId), headers: { 'accept-language': 'zh-CN' } });
      expectError(zh, 400, 'CARD_MODEL_MISMATCH', `卡 '${standardCardId}' 是 Standard 模式，本接口仅适用于 ShareBalance 模式`);
      expect(await state()).toEqual(before);
    });

    it("with another customer's card → 404 exactly as for a card that does not exist, nothing changed", async () => {
      const before = await state();
      const foreign = await p.api('POST', SB_PATHS[endpoint], { token: c.token, body: sbBody(endpoint, otherCardId) });
      const missing = await p.api('POST', SB_PATHS[endpoint], { token: c.token, body: sbBody(endpoint, 'CARD0000000000000000') });
      expectError(foreign, 404, 'CARD_NOT_FOUND', `Card '${otherCardId}' does not exist`);
      const normalize = (r: typeof foreign, id: string) => ({
        status: r.statusCode, body: { ...r.json, responseId: null, errorMessage: r.json.errorMessage.replace(id, '<id>') },
      });
      expect(normalize(foreign, otherCardId)).toEqual(normalize(missing, 'CARD0000000000000000'));
      expect(await state()).toEqual(before);
    });
  });

  it.each(['topup', 'withdraw', 'block', 'unblock', 'cancel'] as OrderEndpoint[])(
    'the Standard endpoint %s refuses a ShareBalance card with CARD_MODEL_MISMATCH, nothing changed', async (endpoint) => {
      const before = await state();
      const response = await p.api('POST', ORDER_PATHS[endpoint], { token: c.token, body: validBody(endpoint, cardId) });
      expectError(response, 400, 'CARD_MODEL_MISMATCH', `Card '${cardId}' is a ShareBalance card; this endpoint is for Standard cards`);
      expect(await state()).toEqual(before);
    });
});
