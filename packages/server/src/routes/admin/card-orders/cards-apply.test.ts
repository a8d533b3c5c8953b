import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectAuditClean } from '../../../../test/people-kit.ts';
import {
  auditRowsOf, auditTotal, cardOrdersWorld, comparable, expectOneOrderAudit, expectOrder, expectRefused, requestedBy, type CardOrdersWorld,
  SETUP_TIMEOUT_MS,
} from '../../../../test/card-orders-kit.ts';

const STANDARD = { cardModel: 'Standard', productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' };
const SHARE = { cardModel: 'ShareBalance', productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '500', maxCreditAmount: '1000' };

describe('POST /admin/v1/cards', () => {
  let p: TestPlatform;
  let w: CardOrdersWorld;
  beforeAll(async () => { p = await createTestPlatform(); w = await cardOrdersWorld(p); }, SETUP_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); await expectAuditClean(p); });

  it('a customer admin applies for a Standard card for its own customer: the order /v1 would make, requested by the user, audited once', async () => {
    const { cardModel: _m, ...v1Body } = STANDARD;
    const viaV1 = expectOrder(await p.api('POST', '/v1/orders/standard/apply', { token: w.c.token, body: v1Body }));
    const order = expectOrder(await w.users.customer_admin.call('POST', '/cards', { ...STANDARD, customerOrderNo: 'CONSOLE-APPLY-1' }));
    expect(comparable(order)).toEqual(comparable(viaV1));
    expect(order.customerOrderNo).toBe('CONSOLE-APPLY-1');
    const cardId = order.cardInfos[0].cardId;
    expect((await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data).toMatchObject({ status: 'Active', balanceAmount: 100 });
    expect((await p.api('GET', '/v1/orders/standard', { token: w.c.token, query: { OrderNo: order.orderNo } })).json.data).toEqual(order);
    await expectOneOrderAudit(p, 'card.apply', order, { id: w.users.customer_admin.userId, type: 'user' }, w.c.customerId, cardId);
    expect(await requestedBy(p, viaV1.orderNo)).toBeNull();
    expect((await auditRowsOf(p, 'card.apply')).some((row) => (row.after as any).orderNo === viaV1.orderNo)).toBe(false);
  });

  it('an owner applies for a ShareBalance card for a named customer; the admin key is recorded as admin-key', async () => {
    const share = expectOrder(await w.users.owner.call('POST', '/cards', { ...SHARE, customerId: w.other.customerId }));
    expect(share).toMatchObject({ orderType: 'ApplyCard', maxAuthAmount: 500, maxCreditAmount: 1000, productInfo: { cardModel: 'ShareBalance' } });
    await expectOneOrderAudit(p, 'card.apply', share, { id: w.users.owner.userId, type: 'user' }, w.other.customerId, share.cardInfos[0].cardId);
    const byKey = expectOrder(await p.admin('POST', '/cards', { ...STANDARD, customerId: w.other.customerId }));
    await expectOneOrderAudit(p, 'card.apply', byKey, { id: 'admin-key', type: 'admin_key' }, w.other.customerId, byKey.cardInfos[0].cardId);
  });

  it('a double submit with the same customerOrderNo answers the same order, replayed, with one audit row', async () => {
    const body = { ...STANDARD, topUpAmount: '10', customerOrderNo: 'CONSOLE-DOUBLE' };
    const [first, second] = await Promise.all([w.users.admin.call('POST', '/cards', { ...body, customerId: w.c.customerId }), w.users.admin.call('POST', '/cards', { ...body, customerId: w.c.customerId })]);
    const a = expectOrder(first), b = expectOrder(second);
    expect(b.orderNo).toBe(a.orderNo);
    expect([first.headers['idempotent-replayed'], second.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    const third = await w.users.admin.call('POST', '/cards', { ...body, customerId: w.c.customerId });
    expect(expectOrder(third).orderNo).toBe(a.orderNo);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect((await auditRowsOf(p, 'card.apply')).filter((row) => (row.after as any).orderNo === a.orderNo)).toHaveLength(1);
  });

  it('a refused order (insufficient funds) and invalid input record nothing', async () => {
    const before = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', '/cards', { ...STANDARD, topUpAmount: '100000' }), 400, 'INSUFFICIENT_FUNDS');
    expectRefused(await w.users.customer_admin.call('POST', '/cards', { ...STANDARD, topUpAmount: undefined }), 400, 'INVALID_AMOUNT');
    expectRefused(await w.users.customer_admin.call('POST', '/cards', { ...STANDARD, maxAuthAmount: '5' }), 400, 'VALIDATION_FAILED');
    expectRefused(await w.users.customer_admin.call('POST', '/cards', { ...STANDARD, surprise: 1 }), 400, 'VALIDATION_FAILED');
    expectRefused(await w.users.owner.call('POST', '/cards', STANDARD), 400, 'VALIDATION_FAILED');
    expectRefused(await w.users.owner.call('POST', '/cards', { ...STANDARD, customerId: 'CUST_NOPE' }), 404, 'CUSTOMER_NOT_FOUND');
    expectRefused(await w.users.owner.call('POST', '/cards', { ...STANDARD, customerId: w.c.customerId, productCode: 'NOPE' }), 404, 'PRODUCT_NOT_FOUND');
    expect(await auditTotal(p)).toBe(before);
  });

  it('a customer user cannot apply for another customer (404), and only roles with cards.fund may apply (403)', async () => {
    const before = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', '/cards', { ...STANDARD, customerId: w.other.customerId }), 404, 'CUSTOMER_NOT_FOUND');
    for (const role of ['support', 'viewer', 'customer_developer', 'customer_viewer'] as const) {
      expectRefused(await w.users[role].call('POST', '/cards', { ...STANDARD, customerId: w.c.customerId }), 403, 'FORBIDDEN');
    }
    expect(await auditTotal(p)).toBe(before);
  });
});
