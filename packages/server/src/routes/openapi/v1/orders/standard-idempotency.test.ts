// customerOrderNo is an idempotency key, unique per customer for ever: the
// same request again returns the original order and moves no money; the same
// number for a different request is a 409 that changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding, ORDER_ENDPOINTS, post, postOk, snapshot, validBody, type OrderEndpoint } from '../../../../../test/standard-kit.ts';

describe('customerOrderNo idempotency on the Standard-mode order endpoints', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  /** A customer and a card in the state `endpoint` needs (Blocked for unblock). */
  async function setUp(endpoint: OrderEndpoint) {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100');
    if (endpoint === 'unblock') await postOk(p, c, 'block', { cardId });
    return { c, cardId };
  }

  it.each(ORDER_ENDPOINTS)('%s: the same request again returns the original order, replayed, and moves no money', async (endpoint) => {
    const { c, cardId } = await setUp(endpoint);
    const body = validBody(endpoint, cardId, { customerOrderNo: `IDEM-${endpoint}` });
    const first = await post(p, c, endpoint, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json.data.status).toBe('Completed');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const cards = endpoint === 'apply' ? [cardId, first.json.data.cardInfos[0].cardId] : [cardId];
    const after = await snapshot(p, c, cards);

    // Block, unblock and cancel are replayed after the card has changed state: still the original order, not a state error.
    for (let i = 0; i < 2; i++) {
      const again = await post(p, c, endpoint, body);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json.data).toEqual(first.json.data);
    }
    expect(await snapshot(p, c, cards)).toEqual(after);
  });

  it('treats amounts that are equal as the same request (10, "10.00", 10.0)', async () => {
    const { c, cardId } = await setUp('topup');
    const first = await postOk(p, c, 'topup', { cardId, topUpAmount: 10, customerOrderNo: 'SAME-AMOUNT' });
    const balance = (await card(p, c, cardId)).balanceAmount;
    for (const topUpAmount of ['10.00', 10.0, '010']) {
      const again = await post(p, c, 'topup', { cardId, topUpAmount, customerOrderNo: 'SAME-AMOUNT' });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json.data.orderNo).toBe(first.orderNo);
    }
    expect((await card(p, c, cardId)).balanceAmount).toBe(balance);
  });

  it('replays a withdrawal of everything after the card has been emptied by it', async () => {
    const { c, cardId } = await setUp('withdraw');
    const first = await postOk(p, c, 'withdraw', { cardId, customerOrderNo: 'WITHDRAW-ALL' });
    expect(first.withdrawAmount).toBe(99);
    const after = await snapshot(p, c, [cardId]);
    const again = await post(p, c, 'withdraw', { cardId, customerOrderNo: 'WITHDRAW-ALL' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.data).toEqual(first);
    expect(await snapshot(p, c, [cardId])).toEqual(after);
  });

  it('replays a top-up even when the funding account could no longer pay for it', async () => {
    const c = await p.customer({ USD: '25.15' });
    const { cardId } = await applyCard(p, c, '10');
    const first = await postOk(p, c, 'topup', { cardId, topUpAmount: '9.85', customerOrderNo: 'TOP-ALL' });
    expect((await funding(p, c)).amount).toBe(0);
    const again = await post(p, c, 'topup', { cardId, topUpAmount: '9.85', customerOrderNo: 'TOP-ALL' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json.data.orderNo).toBe(first.orderNo);
  });

  describe('the same customerOrderNo for a different request → 409 ORDER_NO_CONFLICT, nothing changed:', () => {
    let c: TestCustomer;
    let cardId: string;
    let otherCardId: string;
    beforeAll(async () => {
      c = await p.customer({ USD: '1000' });
      cardId = (await applyCard(p, c, '100', { customerOrderNo: 'USED-APPLY' })).cardId;
      otherCardId = (await applyCard(p, c, '100')).cardId;
      await postOk(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'USED-TOPUP' });
      await postOk(p, c, 'withdraw', { cardId, customerOrderNo: 'USED-WITHDRAW-ALL' });
      await postOk(p, c, 'block', { cardId: otherCardId, customerOrderNo: 'USED-BLOCK' });
    });

    it.each([
      ['a different amount', 'topup', () => ({ cardId, topUpAmount: '10.01', customerOrderNo: 'USED-TOPUP' })],
      ['another card', 'topup', () => ({ cardId: otherCardId, topUpAmount: '10', customerOrderNo: 'USED-TOPUP' })],
      ['another order type (withdraw)', 'withdraw', () => ({ cardId, withdrawAmount: '10', customerOrderNo: 'USED-TOPUP' })],
      ['another order type (block)', 'block', () => ({ cardId, customerOrderNo: 'USED-TOPUP' })],
      ['another order type (cancel)', 'cancel', () => ({ cardId, customerOrderNo: 'USED-TOPUP' })],
      ['an apply with another amount', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '101', customerOrderNo: 'USED-APPLY' })],
      ['an apply with another alias', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', cardAlias: 'x', customerOrderNo: 'USED-APPLY' })],
      ['an apply in another currency', 'apply', () => ({ productCode: 'PROD001', cardCurrency: 'EUR', topUpAmount: '100', customerOrderNo: 'USED-APPLY' })],
      ['a withdrawal of an amount instead of everything', 'withdraw', () => ({ cardId, withdrawAmount: '1', customerOrderNo: 'USED-WITHDRAW-ALL' })],
      ['an unblock of the blocked card', 'unblock', () => ({ cardId: otherCardId, customerOrderNo: 'USED-BLOCK' })],
      ['a block of an Active card', 'block', () => ({ cardId, customerOrderNo: 'USED-BLOCK' })],
    ] as Array<[string, OrderEndpoint, () => Record<string, unknown>]>)('%s', async (_, endpoint, body) => {
      const before = await snapshot(p, c, [cardId, otherCardId]);
      const b = body();
      expectError(await post(p, c, endpoint, b), 409, 'ORDER_NO_CONFLICT', `customerOrderNo '${b.customerOrderNo}' was already used for a different request`);
      expect(await snapshot(p, c, [cardId, otherCardId])).toEqual(before);
    });

    it('in Chinese', async () => {
      const response = await post(p, c, 'topup', { cardId, topUpAmount: '1', customerOrderNo: 'USED-TOPUP' }, { 'accept-language': 'zh-CN' });
      expectError(response, 409, 'ORDER_NO_CONFLICT', "商户订单号 'USED-TOPUP' 已用于另一笔不同的请求");
    });
  });

  it('keeps each customer\'s customerOrderNo apart', async () => {
    const a = await p.customer({ USD: '100' });
    const b = await p.customer({ USD: '100' });
    const first = await applyCard(p, a, '10', { customerOrderNo: 'SHARED-NO' });
    const second = await applyCard(p, b, '20', { customerOrderNo: 'SHARED-NO' });
    expect(second.order.orderNo).not.toBe(first.order.orderNo);
    expect((await card(p, b, second.cardId)).balanceAmount).toBe(20);
  });

  it('does not use up the customerOrderNo of a request that was refused', async () => {
    const c = await p.customer({ USD: '10' });
    const body = { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10', customerOrderNo: 'RETRY-LATER' };
    expectError(await post(p, c, 'apply', body), 400, 'INSUFFICIENT_FUNDS');
    expect((await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '10', reference: `dep-${c.customerId}` })).statusCode).toBe(200);
    const accepted = await post(p, c, 'apply', body);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.headers['idempotent-replayed']).toBeUndefined();
    expect((await funding(p, c)).amount).toBe(4.85);
  });
});
