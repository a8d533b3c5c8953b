import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError } from '../../../../../test/standard-kit.ts';
import { applyShareCard, SB_ORDERS, sbPost, sbPostOk } from '../../../../../test/share-balance-kit.ts';

describe('GET /v1/orders/sharebalance', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let other: TestCustomer;
  /** One order of each type, as the POST answered it, oldest first. */
  const placed: any[] = [];
  let standardOrderNo: string;

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '1000' });
    other = await p.customer({ USD: '1000' });
    const { cardId, order } = await applyShareCard(p, c, { customerOrderNo: 'Q-APPLY' });
    placed.push(order);
    placed.push(await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '50', customerOrderNo: 'Q-LIMIT' }));
    placed.push(await sbPostOk(p, c, 'block', { cardId, customerOrderNo: 'Q-BLOCK' }));
    placed.push(await sbPostOk(p, c, 'unblock', { cardId, customerOrderNo: 'Q-UNBLOCK' }));
    placed.push(await sbPostOk(p, c, 'cancel', { cardId, customerOrderNo: 'Q-CANCEL' }));
    // Three more limit changes without a customerOrderNo, on a second card, for paging.
    const second = await applyShareCard(p, c);
    placed.push(second.order);
    for (let i = 1; i <= 3; i++) placed.push(await sbPostOk(p, c, 'creditLimit', { cardId: second.cardId, maxAuthAmount: `${i}` }));
    // A Standard order of the same customer, and the other customer's orders, must never show.
    standardOrderNo = (await applyCard(p, c, '10', { customerOrderNo: 'Q-STANDARD' })).order.orderNo;
    placed.push((await applyShareCard(p, other, { customerOrderNo: 'Q-APPLY' })).order);
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  const query = (q: Record<string, string>, who = c, headers?: Record<string, string>) => p.api('GET', SB_ORDERS, { token: who.token, query: q, headers });
  const mine = () => placed.slice(0, -1);

  it.each(['ApplyCard', 'CreditLimit', 'CardBlock', 'CardUnblock', 'CardCancel'])(
    'returns a %s order by OrderNo exactly as its POST answered it', async (type) => {
      const order = placed.find((o) => o.orderType === type && o.customerOrderNo?.startsWith('Q-'));
      const response = await query({ OrderNo: order.orderNo });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json).toMatchObject({ hasError: false, errorCode: null });
      expect(response.json.data).toEqual(order);
    });

  it('finds an order by CustomerOrderNo, and by both numbers together', async () => {
    const limit = placed[1];
    expect((await query({ CustomerOrderNo: 'Q-LIMIT' })).json.data).toEqual(limit);
    expect((await query({ OrderNo: limit.orderNo, CustomerOrderNo: 'Q-LIMIT' })).json.data).toEqual(limit);
    expect((await query({ CustomerOrderNo: 'Q-APPLY' }, other)).json.data.orderNo).toBe(placed.at(-1).orderNo);
  });

  describe('answers 404 ORDER_NOT_FOUND for', () => {
    it.each([
      ['an unknown OrderNo', () => ({ OrderNo: 'ORD000000000000NOPE' })],
      ['an unknown CustomerOrderNo', () => ({ CustomerOrderNo: 'NOPE' })],
      ['a Standard order by OrderNo', () => ({ OrderNo: standardOrderNo })],
      ['a Standard order by CustomerOrderNo', () => ({ CustomerOrderNo: 'Q-STANDARD' })],
      ['an OrderNo and a CustomerOrderNo of two different orders', () => ({ OrderNo: placed[0].orderNo, CustomerOrderNo: 'Q-BLOCK' })],
      ["another customer's order", () => ({ OrderNo: placed.at(-1).orderNo })],
    ])('%s', async (_, q: () => Record<string, string>) => {
      expectError(await query(q()), 404, 'ORDER_NOT_FOUND', 'No such order');
    });

    it('an unknown order, in Chinese', async () => {
      expectError(await query({ OrderNo: 'NOPE' }, c, { 'accept-language': 'zh-CN' }), 404, 'ORDER_NOT_FOUND', '订单不存在');
    });

    it('a ShareBalance order at the Standard query endpoint', async () => {
      expectError(await p.api('GET', '/v1/orders/standard', { token: c.token, query: { OrderNo: placed[0].orderNo } }), 404, 'ORDER_NOT_FOUND');
    });
  });

  it("pages the customer's ShareBalance orders, newest first, 20 by default", async () => {
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
      expect(response.json.data).toMatchObject({ pageNumber: page, pageSize: 4, totalRecords: all.length, totalPages: 3 });
      seen.push(...response.json.data.data.map((o: { orderNo: string }) => o.orderNo));
    }
    expect(seen).toEqual(all);
    expect((await query({ PageNumber: '4', PageSize: '4' })).json.data).toMatchObject({ pageNumber: 4, totalRecords: all.length, data: [] });
  });

  it.each([
    ['ApplyCard', 2], ['CreditLimit', 4], ['CardBlock', 1], ['CardUnblock', 1], ['CardCancel', 1],
  ])('filters the page by OrderType=%s', async (type, count) => {
    const response = await query({ OrderType: type, PageSize: '2' });
    expect(response.statusCode, response.body).toBe(200);
    const expected = mine().filter((o) => o.orderType === type).reverse();
    expect(expected).toHaveLength(count);
    expect(response.json.data).toEqual({ pageNumber: 1, pageSize: 2, totalRecords: count, totalPages: Math.ceil(count / 2), data: expected.slice(0, 2) });
  });

  it('shows none that were refused', async () => {
    const fresh = await p.customer({ USD: '1' });
    expectError(await sbPost(p, fresh, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '10' }), 400, 'INSUFFICIENT_FUNDS');
    expect((await query({}, fresh)).json.data).toEqual({ pageNumber: 1, pageSize: 20, totalRecords: 0, totalPages: 0, data: [] });
  });

  describe('rejects with 400 VALIDATION_FAILED', () => {
    it.each([
      ['PageSize above 100', { PageSize: '101' }, "'PageSize'"],
      ['PageNumber 0', { PageNumber: '0' }, "'PageNumber'"],
      ['a Standard-only OrderType', { OrderType: 'CardTopUp' }, "'OrderType'"],
      ['an unknown OrderType', { OrderType: 'Nope' }, "'OrderType'"],
      ['an OrderNo longer than 64 characters', { OrderNo: 'X'.repeat(65) }, "'OrderNo'"],
    ])('%s', async (_, q, field) => {
      expectError(await query(q), 400, 'VALIDATION_FAILED', field);
    });
  });
});
