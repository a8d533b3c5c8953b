import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectAuditClean } from '../../../../test/people-kit.ts';
import {
  auditRowsOf, auditTotal, cardOrdersWorld, comparable, expectOneOrderAudit, expectOrder, expectRefused, SETUP_TIMEOUT_MS, v1Card, type CardOrdersWorld,
} from '../../../../test/card-orders-kit.ts';

describe('POST /admin/v1/cards/{cardId}/cancel', () => {
  let p: TestPlatform;
  let w: CardOrdersWorld;
  beforeAll(async () => { p = await createTestPlatform(); w = await cardOrdersWorld(p); }, SETUP_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); await expectAuditClean(p); });

  it('cancels a Standard card as /v1 would (balance minus fee back to the funding account), audited once', async () => {
    const viaV1Card = await v1Card(p, w.c);
    const viaV1 = expectOrder(await p.api('POST', '/v1/orders/standard/cancel', { token: w.c.token, body: { cardId: viaV1Card } }));
    const cardId = await v1Card(p, w.c);
    const order = expectOrder(await w.users.customer_admin.call('POST', `/cards/${cardId}/cancel`, { customerOrderNo: 'CONSOLE-CANCEL-1' }));
    expect(comparable(order)).toEqual(comparable(viaV1));
    expect((await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data.status).toBe('Cancel');
    await expectOneOrderAudit(p, 'card.cancel', order, { id: w.users.customer_admin.userId, type: 'user' }, w.c.customerId, cardId);
    // A cancelled card cannot be cancelled again: refused, nothing recorded.
    const before = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${cardId}/cancel`, {}), 400, 'CARD_CANCELLED');
    expect(await auditTotal(p)).toBe(before);
  });

  it('cancels a ShareBalance card through the ShareBalance order, audited once; a replay adds no row', async () => {
    const cardId = await v1Card(p, w.c, 'ShareBalance');
    const order = expectOrder(await w.users.owner.call('POST', `/cards/${cardId}/cancel`, { customerOrderNo: 'CONSOLE-CANCEL-SB' }));
    expect(order).toMatchObject({ orderType: 'CardCancel', cardInfo: { cardId, cardModel: 'ShareBalance' } });
    expect(order).not.toHaveProperty('settleAmount');
    const replay = await w.users.owner.call('POST', `/cards/${cardId}/cancel`, { customerOrderNo: 'CONSOLE-CANCEL-SB' });
    expect(expectOrder(replay).orderNo).toBe(order.orderNo);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await expectOneOrderAudit(p, 'card.cancel', order, { id: w.users.owner.userId, type: 'user' }, w.c.customerId, cardId);
  });

  it('support may not cancel (403); another customer\'s card is 404; nothing is recorded', async () => {
    const cardId = await v1Card(p, w.c);
    const otherCard = await v1Card(p, w.other);
    const before = (await auditRowsOf(p, 'card.cancel')).length;
    expectRefused(await w.users.support.call('POST', `/cards/${cardId}/cancel`, {}), 403, 'FORBIDDEN');
    expectRefused(await w.users.customer_developer.call('POST', `/cards/${cardId}/cancel`, {}), 403, 'FORBIDDEN');
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${otherCard}/cancel`, {}), 404, 'CARD_NOT_FOUND');
    expect((await auditRowsOf(p, 'card.cancel')).length).toBe(before);
  });
});
