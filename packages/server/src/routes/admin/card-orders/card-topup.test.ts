import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { createUser, expectAuditClean } from '../../../../test/people-kit.ts';
import {
  auditRowsOf, auditTotal, cardOrdersWorld, comparable, expectOneOrderAudit, expectOrder, expectRefused, requestedBy, v1Card, type CardOrdersWorld,
  SETUP_TIMEOUT_MS,
} from '../../../../test/card-orders-kit.ts';

describe('POST /admin/v1/cards/{cardId}/topup', () => {
  let p: TestPlatform;
  let w: CardOrdersWorld;
  beforeAll(async () => { p = await createTestPlatform(); w = await cardOrdersWorld(p); }, SETUP_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); await expectAuditClean(p); });

  it('a customer admin tops up its card: the order /v1 would make, requested by the user, audited once', async () => {
    const cardId = await v1Card(p, w.c);
    const viaV1 = expectOrder(await p.api('POST', '/v1/orders/standard/topup', { token: w.c.token, body: { cardId, topUpAmount: '20' } }));
    const order = expectOrder(await w.users.customer_admin.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '20', customerOrderNo: 'CONSOLE-TOP-1' }));
    expect(comparable(order)).toEqual(comparable(viaV1));
    expect(order).toMatchObject({ cardId, orderType: 'CardTopUp', customerOrderNo: 'CONSOLE-TOP-1', totalTopUpAmount: 20 });
    expect((await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data.balanceAmount).toBe(140);
    await expectOneOrderAudit(p, 'card.topup', order, { id: w.users.customer_admin.userId, type: 'user' }, w.c.customerId, cardId);
    expect((await auditRowsOf(p, 'card.topup'))[0]!.after).toMatchObject({ amount: '20.00 USD' });
    expect(await requestedBy(p, viaV1.orderNo)).toBeNull();
  });

  it('a double submit answers the same order, replayed, with one audit row; a refusal records nothing', async () => {
    const cardId = await v1Card(p, w.c);
    const first = expectOrder(await w.users.owner.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '5', customerOrderNo: 'CONSOLE-TOP-2' }));
    const again = await w.users.owner.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '5', customerOrderNo: 'CONSOLE-TOP-2' });
    expect(expectOrder(again).orderNo).toBe(first.orderNo);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await auditRowsOf(p, 'card.topup')).filter((row) => (row.after as any).orderNo === first.orderNo)).toHaveLength(1);
    const before = await auditTotal(p);
    expectRefused(await w.users.owner.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '6', customerOrderNo: 'CONSOLE-TOP-2' }), 409, 'ORDER_NO_CONFLICT');
    expectRefused(await w.users.owner.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '100000' }), 400, 'INSUFFICIENT_FUNDS');
    expectRefused(await w.users.owner.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '0.5' }), 400, 'AMOUNT_BELOW_MINIMUM');
    expectRefused(await w.users.owner.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '5', cardId }), 400, 'VALIDATION_FAILED');
    expect(await auditTotal(p)).toBe(before);
  });

  it('another customer\'s card is 404 to a customer user; support, viewers and developers get 403; a ShareBalance card is refused', async () => {
    const otherCard = await v1Card(p, w.other);
    const shareCard = await v1Card(p, w.c, 'ShareBalance');
    const own = await v1Card(p, w.c);
    const before = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${otherCard}/topup`, { topUpAmount: '5' }), 404, 'CARD_NOT_FOUND');
    expectRefused(await w.users.customer_admin.call('POST', '/cards/NO_SUCH_CARD/topup', { topUpAmount: '5' }), 404, 'CARD_NOT_FOUND');
    for (const role of ['support', 'viewer', 'customer_developer', 'customer_viewer'] as const) {
      expectRefused(await w.users[role].call('POST', `/cards/${own}/topup`, { topUpAmount: '5' }), 403, 'FORBIDDEN');
    }
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${shareCard}/topup`, { topUpAmount: '5' }), 400, 'CARD_MODEL_MISMATCH');
    expect(await auditTotal(p)).toBe(before);
    // Operators act on any customer's card.
    const order = expectOrder(await w.users.admin.call('POST', `/cards/${otherCard}/topup`, { topUpAmount: '5' }));
    await expectOneOrderAudit(p, 'card.topup', order, { id: w.users.admin.userId, type: 'user' }, w.other.customerId, otherCard);
  });

  it('ten parallel top-ups by one user: ten orders, ten audit rows, the chain and the ledger verify', async () => {
    const c = await p.customer({ USD: '1000' });
    const user = await createUser(p, 'customer_admin', { customerId: c.customerId });
    const cardId = await v1Card(p, c, 'Standard', '10');
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      user.call('POST', `/cards/${cardId}/topup`, { topUpAmount: '3', customerOrderNo: `PAR-${i}` })));
    const orders = responses.map((response) => expectOrder(response));
    expect(new Set(orders.map((o) => o.orderNo)).size).toBe(10);
    const rows = (await auditRowsOf(p, 'card.topup')).filter((row) => row.target_id === cardId);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => (row.after as any).orderNo))).toEqual(new Set(orders.map((o) => o.orderNo)));
    expect(rows.every((row) => row.actor_id === user.userId)).toBe(true);
    expect((await p.api('GET', `/v1/cards/${cardId}`, { token: c.token })).json.data.balanceAmount).toBe(40);
  });
});
