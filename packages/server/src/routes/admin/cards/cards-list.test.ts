import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { card, expectError } from '../../../../test/standard-kit.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, expectNoCardData, type AdminReadsWorld } from '../../../../test/admin-reads-kit.ts';

describe('GET /admin/v1/cards', () => {
  const switchable = channel();
  let p: TestPlatform;
  let w: AdminReadsWorld;
  let viewer: TestUser;
  let customerViewer: TestUser;
  const list = async (query: Record<string, string> = {}, as?: TestUser) => {
    const path = `/cards?${new URLSearchParams(query)}`;
    return as ? as.call('GET', path) : p.admin('GET', path);
  };
  const idsOf = (response: { json: any }) => response.json.data.data.map((c: any) => c.cardId);

  beforeAll(async () => {
    p = await createTestPlatform({ channel: switchable });
    w = await buildAdminReadsWorld(p, switchable);
    viewer = await createUser(p, 'viewer');
    customerViewer = await createUser(p, 'customer_viewer', { customerId: w.a.customerId });
  }, WORLD_SETUP_MS);
  afterAll(async () => { await p?.close(); });

  it('lists every customer\'s cards newest first, as GET /v1/cards renders them without number and CVV, masked, with whose they are', async () => {
    const response = await list();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: 5, totalPages: 1 });
    expect(idsOf(response)).toEqual([w.other, w.visa, w.blocked, w.share, w.marketing]);
    for (const item of response.json.data.data) {
      const owner = item.customerId === w.a.customerId ? w.a : w.b;
      const { cardNumber, cvv, ...own } = await card(p, owner, item.cardId);
      expect(item).toEqual({ ...own, customerId: owner.customerId, maskedCardNumber: `${cardNumber.slice(0, 6)}***${cardNumber.slice(12)}`, createdOn: own.applyTime });
      expect(cvv).toMatch(/^[0-9]{3}$/);
    }
    const share = response.json.data.data.find((c: any) => c.cardId === w.share);
    expect(share).toMatchObject({ cardModel: 'ShareBalance', maxAuthAmount: 500, maxCreditAmount: 1000, usedCreditAmount: 0 });
    await expectNoCardData(p, response.body, [w.marketing, w.share, w.blocked, w.visa].map((cardId) => ({ customerId: w.a.customerId, cardId }))
      .concat({ customerId: w.b.customerId, cardId: w.other }));
  });

  it('narrows by customer, mode, status, product and currency', async () => {
    expect(idsOf(await list({ customerId: w.b.customerId }))).toEqual([w.other]);
    expect(idsOf(await list({ cardModel: 'ShareBalance' }))).toEqual([w.share]);
    expect(idsOf(await list({ status: 'Blocked' }))).toEqual([w.blocked]);
    expect(idsOf(await list({ productCode: 'PROD002' }))).toEqual([w.visa]);
    expect(idsOf(await list({ currency: 'EUR' }))).toEqual([w.blocked]);
    expect(idsOf(await list({ customerId: w.a.customerId, cardModel: 'Standard', currency: 'USD' }))).toEqual([w.visa, w.marketing]);
    expect((await list({ status: 'Cancel' })).json.data).toMatchObject({ totalRecords: 0, data: [] });
  });

  it('searches by card id or its beginning, the exact last 4 digits, or part of the alias', async () => {
    expect(idsOf(await list({ q: w.share }))).toEqual([w.share]);
    expect(idsOf(await list({ q: w.share.slice(0, 12).toLowerCase() }))).toEqual([w.share]);
    expect((await list({ q: 'CARD' })).json.data.totalRecords).toBe(5);
    const last4 = (await card(p, w.a, w.visa)).cardNumber.slice(12);
    expect(idsOf(await list({ q: last4 }))).toContain(w.visa);
    for (const id of idsOf(await list({ q: last4 }))) {
      const owner = id === w.other ? w.b : w.a;
      expect((await card(p, owner, id)).cardNumber.slice(12)).toBe(last4);
    }
    expect(idsOf(await list({ q: 'marketing' }))).toEqual([w.other, w.marketing]);
    // LIKE's wildcards are searched for as themselves.
    expect(idsOf(await list({ q: '50%_t' }))).toEqual([w.marketing]);
    expect(idsOf(await list({ q: '%' }))).toEqual([w.marketing]);
    expect(idsOf(await list({ q: '_' }))).toEqual([w.marketing]);
    expect(idsOf(await list({ q: 'nobody' }))).toEqual([]);
  });

  it('pages', async () => {
    const second = await list({ PageSize: '2', PageNumber: '2' });
    expect(second.json.data).toMatchObject({ pageNumber: 2, pageSize: 2, totalRecords: 5, totalPages: 3 });
    expect(idsOf(second)).toEqual([w.blocked, w.share]);
    expect(idsOf(await list({ PageSize: '2', PageNumber: '4' }))).toEqual([]);
  });

  it('refuses bad filters naming the field, and an unknown customer', async () => {
    expectError(await list({ cardModel: 'Gold' }), 400, 'VALIDATION_FAILED', 'cardModel');
    expectError(await list({ status: 'Lost' }), 400, 'VALIDATION_FAILED', 'status');
    expectError(await list({ currency: 'XXX' }), 400, 'VALIDATION_FAILED', 'currency');
    expectError(await list({ q: 'x'.repeat(65) }), 400, 'VALIDATION_FAILED', 'q');
    expectError(await list({ PageSize: '101' }), 400, 'VALIDATION_FAILED', 'PageSize');
    expectError(await list({ customerId: 'CUSNOSUCHCUSTOMER' }), 404, 'CUSTOMER_NOT_FOUND');
  });

  it('lets an operator viewer read; narrows a customer user to its own customer; refuses callers without credentials', async () => {
    expect(idsOf(await list({}, viewer))).toHaveLength(5);
    const own = await list({}, customerViewer);
    expect(own.statusCode, own.body).toBe(200);
    expect(idsOf(own)).toEqual([w.visa, w.blocked, w.share, w.marketing]);
    expect(idsOf(await list({ q: 'marketing' }, customerViewer))).toEqual([w.marketing]);
    expect(idsOf(await list({ customerId: w.a.customerId }, customerViewer))).toHaveLength(4);
    expectError(await list({ customerId: w.b.customerId }, customerViewer), 404, 'CUSTOMER_NOT_FOUND');
    expect(idsOf(await list({ q: w.other }, customerViewer))).toEqual([]);
    expectError(await p.app.inject({ method: 'GET', url: '/admin/v1/cards' }).then((r) => Object.assign(r, { json: r.json() })), 401, 'ADMIN_UNAUTHORIZED');
  });
});
