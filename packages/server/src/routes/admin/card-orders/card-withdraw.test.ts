import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectAuditClean } from '../../../../test/people-kit.ts';
import {
  auditTotal, cardOrdersWorld, comparable, expectOneOrderAudit, expectOrder, expectRefused, SETUP_TIMEOUT_MS, v1Card, type CardOrdersWorld,
} from '../../../../test/card-orders-kit.ts';

describe('POST /admin/v1/cards/{cardId}/withdraw', () => {
  let p: TestPlatform;
  let w: CardOrdersWorld;
  beforeAll(async () => { p = await createTestPlatform(); w = await cardOrdersWorld(p); }, SETUP_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); await expectAuditClean(p); });

  it('a customer admin withdraws from its card: the order /v1 would make, requested by the user, audited once', async () => {
    const cardId = await v1Card(p, w.c);
    const viaV1 = expectOrder(await p.api('POST', '/v1/orders/standard/withdraw', { token: w.c.token, body: { cardId, withdrawAmount: '10' } }));
    const order = expectOrder(await w.users.customer_admin.call('POST', `/cards/${cardId}/withdraw`, { withdrawAmount: '10', customerOrderNo: 'CONSOLE-WD-1' }));
    expect(comparable(order)).toEqual(comparable(viaV1));
    expect(order).toMatchObject({ cardId, orderType: 'CardWithdraw', customerOrderNo: 'CONSOLE-WD-1' });
    await expectOneOrderAudit(p, 'card.withdraw', order, { id: w.users.customer_admin.userId, type: 'user' }, w.c.customerId, cardId);
  });

  it('more than the card holds is refused and records nothing; support and customer viewers get 403; another customer\'s card is 404', async () => {
    const cardId = await v1Card(p, w.c);
    const otherCard = await v1Card(p, w.other);
    const before = await auditTotal(p);
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${cardId}/withdraw`, { withdrawAmount: '5000' }), 400, 'INSUFFICIENT_CARD_BALANCE');
    expectRefused(await w.users.support.call('POST', `/cards/${cardId}/withdraw`, {}), 403, 'FORBIDDEN');
    expectRefused(await w.users.customer_viewer.call('POST', `/cards/${cardId}/withdraw`, {}), 403, 'FORBIDDEN');
    expectRefused(await w.users.customer_admin.call('POST', `/cards/${otherCard}/withdraw`, {}), 404, 'CARD_NOT_FOUND');
    expect(await auditTotal(p)).toBe(before);
  });
});
