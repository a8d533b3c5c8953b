import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, expectNoCardData, type AdminReadsWorld } from '../../../../test/admin-reads-kit.ts';

describe('GET /admin/v1/orders', () => {
  const switchable = channel();
  let p: TestPlatform;
  let w: AdminReadsWorld;
  let customerViewer: TestUser;
  const list = async (query: Record<string, string> = {}, as?: TestUser) => {
    const path = `/orders?${new URLSearchParams(query)}`;
    return as ? as.call('GET', path) : p.admin('GET', path);
  };
  const typesOf = (response: { json: any }) => response.json.data.data.map((o: any) => o.orderType);

  beforeAll(async () => {
    p = await createTestPlatform({ channel: switchable });
    w = await buildAdminReadsWorld(p, switchable);
    customerViewer = await createUser(p, 'customer_viewer', { customerId: w.b.customerId });
  }, WORLD_SETUP_MS);
  afterAll(async () => { await p?.close(); });

  it('lists both modes\' orders of every customer newest first, each as the order query renders it plus whose it is', async () => {
    const response = await list({ PageSize: '100' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toMatchObject({ totalRecords: 9, totalPages: 1 });
    const orders = response.json.data.data;
    const times = orders.map((o: any) => o.createdOn);
    expect([...times].sort().reverse()).toEqual(times);
    for (const order of orders) {
      const owner = order.customerId === w.a.customerId ? w.a : w.b;
      const mode = order.cardModel === 'ShareBalance' ? 'sharebalance' : 'standard';
      const queried = await p.api('GET', `/v1/orders/${mode}`, { token: owner.token, query: { OrderNo: order.orderNo } });
      expect(order).toEqual({ ...queried.json.data, customerId: owner.customerId, cardModel: order.cardModel, cardId: expect.stringMatching(/^CARD/), requestedBy: null });
    }
    await expectNoCardData(p, response.body, [{ customerId: w.a.customerId, cardId: w.marketing }, { customerId: w.b.customerId, cardId: w.other }]);
  });

  it('narrows by customer, mode, type, status, card and creation time', async () => {
    expect(typesOf(await list({ customerId: w.b.customerId }))).toEqual(['ApplyCard']);
    expect(typesOf(await list({ cardModel: 'ShareBalance' }))).toEqual(['ApplyCard']);
    expect((await list({ cardModel: 'ShareBalance' })).json.data.data[0].cardId).toBe(w.share);
    expect(typesOf(await list({ orderType: 'CardBlock' }))).toEqual(['CardBlock']);
    const failed = await list({ status: 'Failure' });
    expect(failed.json.data.data.map((o: any) => o.orderNo)).toEqual([w.failedOrderNo]);
    expect(failed.json.data.data[0].failureReason).toContain('simulated failure');
    expect(typesOf(await list({ cardId: w.marketing }))).toEqual(['CardTopUp', 'CardWithdraw', 'CardTopUp', 'ApplyCard']);
    expect(typesOf(await list({ cardId: w.marketing, status: 'Completed', orderType: 'CardTopUp' }))).toEqual(['CardTopUp']);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list({ from: today, to: today })).json.data.totalRecords).toBe(9);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await list({ from: tomorrow })).json.data.totalRecords).toBe(0);
    expect((await list({ to: '2025-01-01' })).json.data.totalRecords).toBe(0);
  });

  it('pages', async () => {
    const all = (await list({ PageSize: '100' })).json.data.data.map((o: any) => o.orderNo);
    const second = await list({ PageSize: '4', PageNumber: '2' });
    expect(second.json.data).toMatchObject({ pageNumber: 2, pageSize: 4, totalRecords: 9, totalPages: 3 });
    expect(second.json.data.data.map((o: any) => o.orderNo)).toEqual(all.slice(4, 8));
  });

  it('refuses bad filters and date ranges naming the field, and an unknown customer', async () => {
    expectError(await list({ orderType: 'Refund' }), 400, 'VALIDATION_FAILED', 'orderType');
    expectError(await list({ status: 'Done' }), 400, 'VALIDATION_FAILED', 'status');
    expectError(await list({ from: 'yesterday' }), 400, 'VALIDATION_FAILED', 'from');
    expectError(await list({ from: '2025-01-01', to: '2025-06-01' }), 400, 'DATE_RANGE_TOO_LONG');
    expectError(await list({ from: '2025-02-01', to: '2025-01-01' }), 400, 'INVALID_DATE_RANGE');
    expectError(await list({ customerId: 'CUSNOSUCHCUSTOMER' }), 404, 'CUSTOMER_NOT_FOUND');
  });

  it('narrows a customer user to its own orders; another customer is not found', async () => {
    const own = await list({}, customerViewer);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json.data.data.map((o: any) => o.customerId)).toEqual([w.b.customerId]);
    expect((await list({ cardId: w.marketing }, customerViewer)).json.data.totalRecords).toBe(0);
    expectError(await list({ customerId: w.a.customerId }, customerViewer), 404, 'CUSTOMER_NOT_FOUND');
    expect((await list({}, await createUser(p, 'viewer'))).json.data.totalRecords).toBe(9);
  });
});
