import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { transactions } from '../../../../test/transactions-kit.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, type AdminReadsWorld } from '../../../../test/admin-reads-kit.ts';

describe('GET /admin/v1/transactions', () => {
  const switchable = channel();
  let p: TestPlatform;
  let w: AdminReadsWorld;
  let customerViewer: TestUser;
  const list = async (query: Record<string, string> = {}, as?: TestUser) => {
    const path = `/transactions?${new URLSearchParams(query)}`;
    return as ? as.call('GET', path) : p.admin('GET', path);
  };
  const typesOf = (response: { json: any }) => response.json.data.data.map((t: any) => t.transactionType);

  beforeAll(async () => {
    p = await createTestPlatform({ channel: switchable });
    w = await buildAdminReadsWorld(p, switchable);
    customerViewer = await createUser(p, 'customer_viewer', { customerId: w.b.customerId });
  }, WORLD_SETUP_MS);
  afterAll(async () => { await p?.close(); });

  it('lists every customer\'s transactions newest first, as GET /v1/transactions renders them plus whose they are', async () => {
    const response = await list();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: 6, totalPages: 1 });
    const ownA = (await transactions(p, w.a)).data.map((t: any) => ({ ...t, customerId: w.a.customerId }));
    const ownB = (await transactions(p, w.b)).data.map((t: any) => ({ ...t, customerId: w.b.customerId }));
    const merged = [...ownA, ...ownB].sort((x, y) => (x.transactionTime === y.transactionTime ? (x.transactionId < y.transactionId ? 1 : -1) : x.transactionTime < y.transactionTime ? 1 : -1));
    expect(response.json.data.data).toEqual(merged);
  });

  it('narrows by customer, card, type, status and time', async () => {
    expect(typesOf(await list({ customerId: w.b.customerId }))).toEqual(['Authorization']);
    expect((await list({ cardId: w.marketing })).json.data.totalRecords).toBe(5);
    expect(typesOf(await list({ type: 'Refund' }))).toEqual(['Refund']);
    expect(typesOf(await list({ status: 'Reversed' }))).toEqual(['Authorization']);
    expect((await list({ status: 'Reversed' })).json.data.data[0].transactionId).toBe(w.reversedAuth);
    expect((await list({ status: 'Pending' })).json.data.data.map((t: any) => t.customerId)).toEqual([w.b.customerId]);
    expect((await list({ cardId: w.marketing, type: 'Authorization', status: 'Settled' })).json.data.data.map((t: any) => t.transactionId)).toEqual([w.clearedAuth]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await list({ from: tomorrow })).json.data.totalRecords).toBe(0);
  });

  it('pages', async () => {
    const all = (await list()).json.data.data.map((t: any) => t.transactionId);
    const second = await list({ PageSize: '4', PageNumber: '2' });
    expect(second.json.data).toMatchObject({ pageNumber: 2, totalRecords: 6, totalPages: 2 });
    expect(second.json.data.data.map((t: any) => t.transactionId)).toEqual(all.slice(4));
  });

  it('refuses bad filters and date ranges naming the field, and an unknown customer', async () => {
    expectError(await list({ type: 'Chargeback' }), 400, 'VALIDATION_FAILED', 'type');
    expectError(await list({ status: 'Open' }), 400, 'VALIDATION_FAILED', 'status');
    expectError(await list({ to: '2025-13-01' }), 400, 'VALIDATION_FAILED', 'to');
    expectError(await list({ from: '2025-01-01', to: '2025-04-02' }), 400, 'DATE_RANGE_TOO_LONG');
    expectError(await list({ customerId: 'CUSNOSUCHCUSTOMER' }), 404, 'CUSTOMER_NOT_FOUND');
  });

  it('narrows a customer user to its own transactions; another customer is not found', async () => {
    const own = await list({}, customerViewer);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json.data.data.map((t: any) => t.cardId)).toEqual([w.other]);
    expect((await list({ cardId: w.marketing }, customerViewer)).json.data.totalRecords).toBe(0);
    expectError(await list({ customerId: w.a.customerId }, customerViewer), 404, 'CUSTOMER_NOT_FOUND');
    expect((await list({}, await createUser(p, 'viewer'))).json.data.totalRecords).toBe(6);
  });
});
