import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectAuditClean } from '../../../../test/people-kit.ts';
import {
  auditTotal, cardOrdersWorld, comparable, expectOneOrderAudit, expectOrder, expectRefused, SETUP_TIMEOUT_MS, v1Card, type CardOrdersWorld,
} from '../../../../test/card-orders-kit.ts';

describe('POST /admin/v1/cards/{cardId}/limits', () => {
  let p: TestPlatform;
  let w: CardOrdersWorld;
  beforeAll(async () => { p = await createTestPlatform(); w = await cardOrdersWorld(p); }, SETUP_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); await expectAuditClean(p); });

  it('a customer admin changes its ShareBalance card\'s limits as /v1 would, audited once', async () => {
    const viaV1Card = await v1Card(p, w.c, 'ShareBalance');
    const viaV1 = expectOrder(await p.api('POST', '/v1/orders/sharebalance/creditLimit', { token: w.c.token, body: { cardId: viaV1Card, maxAuthAmount: '200', maxCreditAmount: '2000' } }));
    const cardId = await v1Card(p, w.c, 'ShareBalance');
    const order = expectOrder(await w.users.customer_admin.call('POST', `/cards/${cardId}/limits`, { maxAuthAmount: '200', maxCreditAmount: '2000', customerOrderNo: 'CONSOLE-LIM-1' }));
    expect(comparable(order)).toEqual(comparable(viaV1));
    expect((await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data).toMatchObject({ maxAuthAmount: 200, maxCreditAmount: 2000 });
    await expectOneOrderAudit(p, 'card.limits', order, { id: w.users.customer_admin.userId, type: 'user' }, w.c.customerId, cardId);
  });

  it('a Standard card and bad input are refused (400) and record nothing; viewers get 403; another customer\'s card is 404', async () => {
    const standard = await v1Card(p, w.c);
    const share = await v1Card(p, w.c, 'ShareBalance');
    const otherShare = await v1Card(p, w.other, 'ShareBalance');
    const before = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${standard}/limits`, { maxAuthAmount: '10' }), 400, 'CARD_MODEL_MISMATCH');
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${share}/limits`, { maxAuthAmount: '-1' }), 400, 'INVALID_AMOUNT');
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${share}/limits`, {}), 400, 'VALIDATION_FAILED');
    expectRefused(await w.users.customer_viewer.call('POST', `/cards/${share}/limits`, { maxAuthAmount: '10' }), 403, 'FORBIDDEN');
    expectRefused(await w.users.viewer.call('POST', `/cards/${share}/limits`, { maxAuthAmount: '10' }), 403, 'FORBIDDEN');
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${otherShare}/limits`, { maxAuthAmount: '10' }), 404, 'CARD_NOT_FOUND');
    expect(await auditTotal(p)).toBe(before);
    // Operators with cards.manage act on any customer's card.
    const order = expectOrder(await w.users.support.call('POST', `/cards/${otherShare}/limits`, { maxAuthAmount: '10', maxCreditAmount: null }));
    expect(order.maxCreditAmount).toBeNull();
    await expectOneOrderAudit(p, 'card.limits', order, { id: w.users.support.userId, type: 'user' }, w.other.customerId, otherShare);
  });
});
