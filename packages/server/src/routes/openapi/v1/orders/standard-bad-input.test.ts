// Bad input on every Standard-mode POST endpoint: each case must answer a 4xx
// envelope naming the problem (in English, and in Chinese on request) and
// change nothing a client can see.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, ORDER_ENDPOINTS, ORDER_PATHS, snapshot, validBody, type OrderEndpoint } from '../../../../../test/standard-kit.ts';
import { amountCases, cardIdCases, invalid, required, requestCases, sendCase, type Case } from '../../../../../test/bad-input-kit.ts';

const CARD_ENDPOINTS: OrderEndpoint[] = ['topup', 'withdraw', 'block', 'unblock', 'cancel'];
const AMOUNT_FIELD: Partial<Record<OrderEndpoint, string>> = { apply: 'topUpAmount', topup: 'topUpAmount', withdraw: 'withdrawAmount' };

function casesFor(endpoint: OrderEndpoint, cardId: string): Case[] {
  const body = (extra: Record<string, unknown>) => validBody(endpoint, cardId, extra);
  const cases = requestCases(body);
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
    cases.push(...cardIdCases(body));
  }
  const field = AMOUNT_FIELD[endpoint];
  // withdrawAmount may be absent: it then means everything.
  if (field) cases.push(...amountCases(field, body, { required: endpoint !== 'withdraw' }));
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

  const send = (endpoint: OrderEndpoint, k: Case, language?: string) => sendCase(p, c, ORDER_PATHS[endpoint], k, language);

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
