import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, post, postOk } from '../../../../../test/standard-kit.ts';

const ORDERS = '/v1/orders/standard';

describe('GET /v1/orders/standard', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let other: TestCustomer;
  /** One order of each type, as the POST answered it, oldest first. */
  const placed: any[] = [];

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '1000' });
    other = await p.customer({ USD: '1000' });
    const { cardId, order } = await applyCard(p, c, '100', { customerOrderNo: 'Q-APPLY' });
    placed.push(order);
    placed.push(await postOk(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'Q-TOPUP' }));
    placed.push(await postOk(p, c, 'withdraw', { cardId, withdrawAmount: '5', customerOrderNo: 'Q-WITHDRAW' }));
    placed.push(await postOk(p, c, 'block', { cardId, customerOrderNo: 'Q-BLOCK' }));
    placed.push(await postOk(p, c, 'unblock', { cardId, customerOrderNo: 'Q-UNBLOCK' }));
    placed.push(await postOk(p, c, 'cancel', { cardId, customerOrderNo: 'Q-CANCEL' }));
    // Four more top-ups without a customerOrderNo, on a second card, for paging.
    const second = await applyCard(p, c, '50');
    placed.push(second.order);
    for (let i = 1; i <= 4; i++) placed.push(await postOk(p, c, 'topup', { cardId: second.cardId, topUpAmount: `${i}` }));
    // The other customer's orders must never show.
    const foreign = await applyCard(p, other, '10', { customerOrderNo: 'Q-APPLY' });
    placed.push(foreign.order);
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  const query = (q: Record<string, string>, who = c, headers?: Record<string, string>) => p.api('GET', ORDERS, { token: who.token, query: q, headers });
  const mine = () => placed.slice(0, -1);

  it.each(['ApplyCard', 'CardTopUp', 'CardWithdraw', 'CardBlock', 'CardUnblock', 'CardCancel'])(
    'returns a %s order by OrderNo exactly as its POST answered it', async (type) => {
      const order = placed.find((o) => o.orderType === type && o.customerOrderNo?.startsWith('Q-'));
      const response = await query({ OrderNo: order.orderNo });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json).toMatchObject({ hasError: false, errorCode: null });
      expect(response.json.data).toEqual(order);
    });

  it('finds an order by CustomerOrderNo, and by both numbers together', async () => {
    const topUp = placed[1];
    expect((await query({ CustomerOrderNo: 'Q-TOPUP' })).json.data).toEqual(topUp);
    expect((await query({ OrderNo: topUp.orderNo, CustomerOrderNo: 'Q-TOPUP' })).json.data).toEqual(topUp);
    // Each customer has its own customerOrderNo space.
    expect((await query({ CustomerOrderNo: 'Q-APPLY' })).json.data.orderNo).toBe(placed[0].orderNo);
    expect((await query({ CustomerOrderNo: 'Q-APPLY' }, other)).json.data.orderNo).toBe(placed.at(-1).orderNo);
  });

  describe('answers 404 ORDER_NOT_FOUND for', () => {
    it.each([
      ['an unknown OrderNo', () => ({ OrderNo: 'ORD000000000000NOPE' })],
      ['an unknown CustomerOrderNo', () => ({ CustomerOrderNo: 'NOPE' })],
      ['an OrderNo and a CustomerOrderNo of two different orders', () => ({ OrderNo: placed[0].orderNo, CustomerOrderNo: 'Q-BLOCK' })],
    ])('%s', async (_, q: () => Record<string, string>) => {
      expectError(await query(q()), 404, 'ORDER_NOT_FOUND', 'No such order');
    });

    it("another customer's order, exactly as if it did not exist", async () => {
      const foreign = placed.at(-1);
      const byNo = await query({ OrderNo: foreign.orderNo });
      const unknown = await query({ OrderNo: 'ORD000000000000NOPE' });
      expectError(byNo, 404, 'ORDER_NOT_FOUND');
      expect({ ...byNo.json, responseId: null }).toEqual({ ...unknown.json, responseId: null });
      expectError(await query({ OrderNo: foreign.orderNo, CustomerOrderNo: 'Q-APPLY' }), 404, 'ORDER_NOT_FOUND');
      expectError(await query({ OrderNo: placed[0].orderNo }, other), 404, 'ORDER_NOT_FOUND');
    });

    it('an unknown order, in Chinese', async () => {
      expectError(await query({ OrderNo: 'NOPE' }, c, { 'accept-language': 'zh-CN' }), 404, 'ORDER_NOT_FOUND', '订单不存在');
    });
  });

  it('pages all of the customer\'s orders, newest first, 20 by default', async () => {
    const response = await query({});
    expect(response.statusCode, response.body).toBe(200);
    const expected = mine().reverse();
    expect(response.json.data).toEqual({ pageNumber: 1, pageSize: 20, totalRecords: expected.length, totalPages: 1, data: expected });
  });

  it('pages with PageNumber and PageSize', async () => {
    const all = mine().reverse().map((o) => o.orderNo);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const response = await query({ PageNumber: String(page), PageSize: '4' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json.data).toMatchObject({ pageNumber: page, pageSize: 4, totalRecords: all.length, totalPages: 3 });
      seen.push(...response.json.data.data.map((o: { orderNo: string }) => o.orderNo));
    }
    expect(seen).toEqual(all);
    const beyond = await query({ PageNumber: '4', PageSize: '4' });
    expect(beyond.json.data).toMatchObject({ pageNumber: 4, totalRecords: all.length, data: [] });
    expect((await query({ PageSize: '100' })).json.data.data).toHaveLength(all.length);
  });

  it.each([
    ['ApplyCard', 2], ['CardTopUp', 5], ['CardWithdraw', 1], ['CardBlock', 1], ['CardUnblock', 1], ['CardCancel', 1],
  ])('filters the page by OrderType=%s', async (type, count) => {
    const response = await query({ OrderType: type, PageSize: '2' });
    expect(response.statusCode, response.body).toBe(200);
    const expected = mine().filter((o) => o.orderType === type).reverse();
    expect(expected).toHaveLength(count);
    expect(response.json.data).toEqual({
      pageNumber: 1, pageSize: 2, totalRecords: count, totalPages: Math.ceil(count / 2), data: expected.slice(0, 2),
    });
  });

  it("shows none of another customer's orders, and none that were refused", async () => {
    const fresh = await p.customer({ USD: '1' });
    expectError(await post(p, fresh, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' }), 400, 'INSUFFICIENT_FUNDS');
    expect((await query({}, fresh)).json.data).toEqual({ pageNumber: 1, pageSize: 20, totalRecords: 0, totalPages: 0, data: [] });
    const others = await query({}, other);
    expect(others.json.data.data.map((o: { orderNo: string }) => o.orderNo)).toEqual([placed.at(-1).orderNo]);
  });

  describe('rejects with 400 VALIDATION_FAILED', () => {
    it.each([
      ['PageSize above 100', { PageSize: '101' }, "'PageSize'"],
      ['PageSize 0', { PageSize: '0' }, "'PageSize'"],
      ['PageNumber 0', { PageNumber: '0' }, "'PageNumber'"],
      ['a PageNumber that is not a number', { PageNumber: 'two' }, "'PageNumber'"],
      ['an unknown OrderType', { OrderType: 'CreditLimit' }, "'OrderType'"],
      ['an OrderNo longer than 64 characters', { OrderNo: 'X'.repeat(65) }, "'OrderNo'"],
    ])('%s', async (_, q, field) => {
      expectError(await query(q), 400, 'VALIDATION_FAILED', field);
    });
  });
});
