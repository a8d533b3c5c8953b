// Block and unblock (cards.manage): the two status orders, which support may place.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectAuditClean } from '../../../../test/people-kit.ts';
import {
  auditTotal, cardOrdersWorld, comparable, expectOneOrderAudit, expectOrder, expectRefused, SETUP_TIMEOUT_MS, v1Card, type CardOrdersWorld,
} from '../../../../test/card-orders-kit.ts';

describe('POST /admin/v1/cards/{cardId}/block and /unblock', () => {
  let p: TestPlatform;
  let w: CardOrdersWorld;
  beforeAll(async () => { p = await createTestPlatform(); w = await cardOrdersWorld(p); }, SETUP_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); await expectAuditClean(p); });

  it('support blocks and unblocks a customer\'s card as /v1 would, each audited once, requested by support', async () => {
    const viaV1Card = await v1Card(p, w.c);
    const viaV1 = expectOrder(await p.api('POST', '/v1/orders/standard/block', { token: w.c.token, body: { cardId: viaV1Card } }));
    const cardId = await v1Card(p, w.c);
    const blocked = expectOrder(await w.users.support.call('POST', `/cards/${cardId}/block`, { customerOrderNo: 'CONSOLE-BLOCK-1' }));
    expect(comparable(blocked)).toEqual(comparable(viaV1));
    expect((await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data.status).toBe('Blocked');
    await expectOneOrderAudit(p, 'card.block', blocked, { id: w.users.support.userId, type: 'user' }, w.c.customerId, cardId);
    const unblocked = expectOrder(await w.users.support.call('POST', `/cards/${cardId}/unblock`, {}));
    expect(unblocked).toMatchObject({ orderType: 'CardUnblock', cardInfo: { cardId } });
    expect((await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data.status).toBe('Active');
    await expectOneOrderAudit(p, 'card.unblock', unblocked, { id: w.users.support.userId, type: 'user' }, w.c.customerId, cardId);
  });

  it('a customer admin blocks and unblocks its ShareBalance card; the wrong state is refused and records nothing', async () => {
    const cardId = await v1Card(p, w.c, 'ShareBalance');
    const before = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${cardId}/unblock`, {}), 400, 'CARD_NOT_BLOCKED');
    expect(await auditTotal(p)).toBe(before);
    const blocked = expectOrder(await w.users.customer_admin.call('POST', `/cards/${cardId}/block`, {}));
    await expectOneOrderAudit(p, 'card.block', blocked, { id: w.users.customer_admin.userId, type: 'user' }, w.c.customerId, cardId);
    const afterBlock = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${cardId}/block`, {}), 400, 'CARD_NOT_ACTIVE');
    expect(await auditTotal(p)).toBe(afterBlock);
    expectOrder(await w.users.customer_admin.call('POST', `/cards/${cardId}/unblock`, {}));
  });

  it('viewers and developers get 403 on both; another customer\'s card is 404 to a customer user', async () => {
    const cardId = await v1Card(p, w.c);
    const otherCard = await v1Card(p, w.other);
    const before = await auditTotal(p);
    for (const role of ['viewer', 'customer_developer', 'customer_viewer'] as const) {
      for (const action of ['block', 'unblock']) expectRefused(await w.users[role].call('POST', `/cards/${cardId}/${action}`, {}), 403, 'FORBIDDEN');
    }
    for (const action of ['block', 'unblock']) expectRefused(await w.users.customer_admin.call('POST', `/cards/${otherCard}/${action}`, {}), 404, 'CARD_NOT_FOUND');
    // support manages cards but moves no money
    for (const action of ['topup', 'withdraw', 'cancel']) expectRefused(await w.users.support.call('POST', `/cards/${cardId}/${action}`, { }), 403, 'FORBIDDEN');
    expect(await auditTotal(p)).toBe(before);
  });
});
