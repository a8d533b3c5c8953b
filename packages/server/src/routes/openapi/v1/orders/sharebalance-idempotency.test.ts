// customerOrderNo on the ShareBalance endpoints: the same request again returns
// the original order and moves no money; the same number for a different
// request — of either mode — is a 409 that changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, funding, post } from '../../../../../test/standard-kit.ts';
import {
  applyShareCard, SB_ENDPOINTS, sbBody, sbPost, sbPostOk, sbSnapshot, type SbEndpoint,
} from '../../../../../test/share-balance-kit.ts';

describe('customerOrderNo idempotency on the ShareBalance-mode order endpoints', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it.each(SB_ENDPOINTS)('%s: the same request again returns the original order, replayed, and moves no money', async (endpoint) => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyShareCard(p, c);
    if (endpoint === 'unblock') await sbPostOk(p, c, 'block', { cardId });
    const body = sbBody(endpoint, cardId, { customerOrderNo: `SB-IDEM-${endpoint}` });
    const first = await sbPost(p, c, endpoint, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json.data.status).toBe('Completed');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const cards = endpoint === 'apply' ? [cardId, first.json.data.cardInfos[0].cardId] : [cardId];
    const after = await sbSnapshot(p, c, cards);

    // Replayed after the card has changed state (blocked, cancelled…): still the original order, not a state error.
    for (let i = 0; i < 2; i++) {
      const again = await sbPost(p, c, endpoint, body);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json.data).toEqual(first.json.data);
    }
    expect(await sbSnapshot(p, c, cards)).toEqual(after);
  });

  it('treats equal amounts, and every spelling of unlimited, as the same request', async () => {
    const c = await p.customer({ USD: '100' });
    const first = await sbPostOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: 10, customerOrderNo: 'SB-SAME' });
    for (const variant of [{ maxAuthAmount: '10.00' }, { maxAuthAmount: 10.0, maxCreditAmount: null }, { maxAuthAmount: '010', maxCreditAmount: '' }]) {
      const again = await sbPost(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', ...variant, customerOrderNo: 'SB-SAME' });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json.data.orderNo).toBe(first.orderNo);
    }
    expect((await funding(p, c)).amount).toBe(97);
  });

  it('replays a fee-paying order even when the funding account could no longer pay for it', async () => {
    const c = await p.customer({ USD: '5' });
    const { cardId } = await applyShareCard(p, c);
    const first = await sbPostOk(p, c, 'cancel', { cardId, customerOrderNo: 'SB-CNL-ALL' });
    expect((await funding(p, c)).amount).toBe(0);
    const again = await sbPost(p, c, 'cancel', { cardId, customerOrderNo: 'SB-CNL-ALL' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json.data).toEqual(first);
  });

  describe('the same customerOrderNo for a different request → 409 ORDER_NO_CONFLICT, nothing changed:', () => {
    let c: TestCustomer;
    let cardId: string;
    let otherCardId: string;
    beforeAll(async () => {
      c = await p.customer({ USD: '1000' });
      cardId = (await applyShareCard(p, c, { customerOrderNo: 'USED-SB-APPLY', maxCreditAmount: '100' })).cardId;
      otherCardId = (await applyShareCard(p, c)).cardId;
      await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '20', maxCreditAmount: '200', customerOrderNo: 'USED-LIMIT' });
      await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '20', customerOrderNo: 'USED-LIMIT-UNLIMITED' });
      await sbPostOk(p, c, 'block', { cardId: otherCardId, customerOrderNo: 'USED-SB-BLOCK' });
      await applyCard(p, c, '10', { customerOrderNo: 'USED-STD-APPLY' });
    });

    it.each([
      ['another maxAuthAmount', 'creditLimit', () => ({ cardId, maxAuthAmount: '20.01', maxCreditAmount: '200', customerOrderNo: 'USED-LIMIT' })],
      ['another maxCreditAmount', 'creditLimit', () => ({ cardId, maxAuthAmount: '20', maxCreditAmount: '201', customerOrderNo: 'USED-LIMIT' })],
      ['unlimited instead of a limit', 'creditLimit', () => ({ cardId, maxAuthAmount: '20', maxCreditAmount: '', customerOrderNo: 'USED-LIMIT' })],
      ['a limit instead of unlimited', 'creditLimit', () => ({ cardId, maxAuthAmount: '20', maxCreditAmount: '200', customerOrderNo: 'USED-LIMIT-UNLIMITED' })],
      ['another card', 'creditLimit', () => ({ cardId: otherCardId, maxAuthAmount: '20', maxCreditAmount: '200', customerOrderNo: 'USED-LIMIT' })],
      ['another order type (block)', 'block', () => ({ cardId, customerOrderNo: 'USED-LIMIT' })],
      ['another order type (cancel)', 'cancel', () => ({ cardId, customerOrderNo: 'USED-LIMIT' })],
      ['an apply with another maxAuthAmount', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '501', maxCreditAmount: '100', customerOrderNo: 'USED-SB-APPLY' })],
      ['an apply with another maxCreditAmount', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '500', customerOrderNo: 'USED-SB-APPLY' })],
      ['an apply with an alias', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '500', maxCreditAmount: '100', cardAlias: 'x', customerOrderNo: 'USED-SB-APPLY' })],
      ['an apply in another currency', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'EUR', maxAuthAmount: '500', maxCreditAmount: '100', customerOrderNo: 'USED-SB-APPLY' })],
      ['an unblock of the blocked card', 'unblock', () => ({ cardId: otherCardId, customerOrderNo: 'USED-SB-BLOCK' })],
      ['a ShareBalance apply with a Standard apply\'s number', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '10', customerOrderNo: 'USED-STD-APPLY' })],
    ] as Array<[string, SbEndpoint, () => Record<string, unknown>]>)('%s', async (_, endpoint, body) => {
      const before = await sbSnapshot(p, c, [cardId, otherCardId]);
      const b = body();
      expectError(await sbPost(p, c, endpoint, b), 409, 'ORDER_NO_CONFLICT', `customerOrderNo '${b.customerOrderNo}' was already used for a different request`);
      expect(await sbSnapshot(p, c, [cardId, otherCardId])).toEqual(before);
    });

    it('a Standard apply with a ShareBalance apply\'s number', async () => {
      const before = await sbSnapshot(p, c, [cardId, otherCardId]);
      const body = { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '500', customerOrderNo: 'USED-SB-APPLY' };
      expectError(await post(p, c, 'apply', body), 409, 'ORDER_NO_CONFLICT');
      expect(await sbSnapshot(p, c, [cardId, otherCardId])).toEqual(before);
    });

    it('in Chinese', async () => {
      const response = await sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '1', customerOrderNo: 'USED-LIMIT' }, { 'accept-language': 'zh-CN' });
      expectError(response, 409, 'ORDER_NO_CONFLICT', "商户订单号 'USED-LIMIT' 已用于另一笔不同的请求");
    });
  });

  it("keeps each customer's customerOrderNo apart", async () => {
    const a = await p.customer({ USD: '10' });
    const b = await p.customer({ USD: '10' });
    const first = await applyShareCard(p, a, { customerOrderNo: 'SB-SHARED-NO' });
    const second = await applyShareCard(p, b, { customerOrderNo: 'SB-SHARED-NO', maxAuthAmount: '1' });
    expect(second.order.orderNo).not.toBe(first.order.orderNo);
    expect(second.order.maxAuthAmount).toBe(1);
  });
});
