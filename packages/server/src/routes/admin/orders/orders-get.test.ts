import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { createUser } from '../../../../test/people-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, type AdminReadsWorld } from '../../../../test/admin-reads-kit.ts';

describe('GET /admin/v1/orders/{orderNo}', () => {
  const switchable = channel();
  let p: TestPlatform;
  let w: AdminReadsWorld;
  const ordersOf = async (cardId: string) => (await p.admin('GET', `/orders?cardId=${cardId}`)).json.data.data;
  const sumByCurrency = (postings: any[]) => postings.reduce<Record<string, number>>((t, x) => ({ ...t, [x.currency]: Math.round(((t[x.currency] ?? 0) + x.amount) * 100) / 100 }), {});

  beforeAll(async () => {
    p = await createTestPlatform({ channel: switchable });
    w = await buildAdminReadsWorld(p, switchable);
  }, WORLD_SETUP_MS);
  afterAll(async () => { await p?.close(); });

  it('answers a completed order with its fee lines and its balanced journal entry', async () => {
    const apply = (await ordersOf(w.marketing)).find((o: any) => o.orderType === 'ApplyCard');
    const response = await p.admin('GET', `/orders/${apply.orderNo}`);
    expect(response.statusCode, response.body).toBe(200);
    const { order, feeLines, journalEntries } = response.json.data;
    expect(order).toEqual(apply);
    // PROD001: a fixed 5 issue fee and 1.5 % of the 100 top-up.
    expect(feeLines).toEqual([
      { feeCode: 'CARD_ISSUE', feeName: expect.any(String), feeAmount: 5 },
      { feeCode: 'CARD_TOPUP', feeName: expect.any(String), feeAmount: 1.5 },
    ]);
    expect(feeLines.map((f: any) => f.feeAmount)).toEqual(apply.orderLines[0].feeItems.map((i: any) => i.feeAmount));
    expect(journalEntries).toHaveLength(1);
    const [entry] = journalEntries;
    expect(entry).toMatchObject({ entryId: expect.any(String), entryType: expect.any(String), createdOn: expect.any(String) });
    expect(sumByCurrency(entry.postings)).toEqual({ USD: 0 });
    expect(entry.postings.find((x: any) => x.accountKind === 'card')).toMatchObject({ cardId: w.marketing, amount: 100 });
    expect(entry.postings.filter((x: any) => x.accountKind === 'fee_revenue').map((x: any) => x.amount).reduce((a: number, b: number) => a + b, 0)).toBe(6.5);
    const zh = await p.app.inject({ method: 'GET', url: `/admin/v1/orders/${apply.orderNo}`, headers: { 'x-admin-key': p.adminKey, 'accept-language': 'zh' } });
    expect(zh.json().data.feeLines.map((f: any) => f.feeName)).not.toEqual(feeLines.map((f: any) => f.feeName));
  });

  it('answers a failed order with the fees it would have charged and no journal entry (nothing moved)', async () => {
    const response = await p.admin('GET', `/orders/${w.failedOrderNo}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data.order).toMatchObject({ orderNo: w.failedOrderNo, status: 'Failure', customerId: w.a.customerId });
    expect(response.json.data.feeLines).toEqual([{ feeCode: 'CARD_TOPUP', feeName: expect.any(String), feeAmount: 0.11 }]);
    expect(response.json.data.journalEntries).toEqual([]);
  });

  it('answers a ShareBalance order with its open fee', async () => {
    const [apply] = await ordersOf(w.share);
    const response = await p.admin('GET', `/orders/${apply.orderNo}`);
    expect(response.json.data.order).toMatchObject({ orderType: 'ApplyCard', cardModel: 'ShareBalance', transFee: 3 });
    expect(response.json.data.feeLines).toEqual([{ feeCode: 'SHARE_BALANCE_OPEN', feeName: expect.any(String), feeAmount: 3 }]);
    expect(sumByCurrency(response.json.data.journalEntries[0].postings)).toEqual({ USD: 0 });
  });

  it('answers 404 ORDER_NOT_FOUND for an unknown order and for another customer\'s order to a customer user', async () => {
    expectError(await p.admin('GET', '/orders/ORD000000000000NOSUCHNO'), 404, 'ORDER_NOT_FOUND');
    const [bOrder] = await ordersOf(w.other);
    const userA = await createUser(p, 'customer_viewer', { customerId: w.a.customerId });
    const userB = await createUser(p, 'customer_viewer', { customerId: w.b.customerId });
    expectError(await userA.call('GET', `/orders/${bOrder.orderNo}`), 404, 'ORDER_NOT_FOUND');
    const own = await userB.call('GET', `/orders/${bOrder.orderNo}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json.data.order.orderNo).toBe(bOrder.orderNo);
    expect((await (await createUser(p, 'viewer')).call('GET', `/orders/${bOrder.orderNo}`)).statusCode).toBe(200);
    await p.expectLedgerClean();
  });
});
