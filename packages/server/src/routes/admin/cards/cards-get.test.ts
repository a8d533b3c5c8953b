import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { card, expectError } from '../../../../test/standard-kit.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { allEvents } from '../../../../test/events-kit.ts';
import { transactions } from '../../../../test/transactions-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, expectNoCardData, type AdminReadsWorld } from '../../../../test/admin-reads-kit.ts';

describe('GET /admin/v1/cards/{cardId}', () => {
  const switchable = channel();
  let p: TestPlatform;
  let w: AdminReadsWorld;
  let customerViewerA: TestUser;
  let customerViewerB: TestUser;

  beforeAll(async () => {
    p = await createTestPlatform({ channel: switchable });
    w = await buildAdminReadsWorld(p, switchable);
    customerViewerA = await createUser(p, 'customer_viewer', { customerId: w.a.customerId });
    customerViewerB = await createUser(p, 'customer_viewer', { customerId: w.b.customerId });
  }, WORLD_SETUP_MS);
  afterAll(async () => { await p?.close(); });

  it('answers the card with its orders, transactions and events, newest first, each as the integrator API renders it', async () => {
    const response = await p.admin('GET', `/cards/${w.marketing}`);
    expect(response.statusCode, response.body).toBe(200);
    const { card: item, orders, transactions: txns, events } = response.json.data;
    const { cardNumber, cvv: _cvv, ...own } = await card(p, w.a, w.marketing);
    expect(item).toEqual({ ...own, customerId: w.a.customerId, maskedCardNumber: `${cardNumber.slice(0, 6)}***${cardNumber.slice(12)}`, createdOn: own.applyTime });
    expect(orders.map((o: any) => [o.orderType, o.status])).toEqual([
      ['CardTopUp', 'Failure'], ['CardWithdraw', 'Completed'], ['CardTopUp', 'Completed'], ['ApplyCard', 'Completed'],
    ]);
    for (const order of orders) {
      const queried = await p.api('GET', '/v1/orders/standard', { token: w.a.token, query: { OrderNo: order.orderNo } });
      expect(order).toEqual({ ...queried.json.data, customerId: w.a.customerId, cardModel: 'Standard', cardId: w.marketing, requestedBy: null });
    }
    const ownTransactions = await transactions(p, w.a, { CardId: w.marketing });
    expect(txns).toEqual(ownTransactions.data.map((t: any) => ({ ...t, customerId: w.a.customerId })));
    expect(txns.map((t: any) => t.transactionType).sort()).toEqual(['Authorization', 'Authorization', 'Clearing', 'Refund', 'Reversal']);
    expect(events).toEqual(await allEvents(p, w.a, { CardId: w.marketing }));
    expect(events.length).toBeGreaterThan(5);
  });

  it('never carries the card number or CVV', async () => {
    for (const [customerId, cardId] of [[w.a.customerId, w.marketing], [w.a.customerId, w.share], [w.b.customerId, w.other]] as const) {
      const response = await p.admin('GET', `/cards/${cardId}`);
      expect(response.statusCode).toBe(200);
      await expectNoCardData(p, response.body, [{ customerId, cardId }]);
    }
  });

  it('shows a ShareBalance card with its limits and used credit', async () => {
    const response = await p.admin('GET', `/cards/${w.share}`);
    expect(response.json.data.card).toMatchObject({ cardModel: 'ShareBalance', maxAuthAmount: 500, maxCreditAmount: 1000, usedCreditAmount: 0, status: 'Active' });
    expect(response.json.data.orders.map((o: any) => o.orderType)).toEqual(['ApplyCard']);
    expect(response.json.data.transactions).toEqual([]);
  });

  it('answers 404 CARD_NOT_FOUND for an unknown card, and for another customer\'s card to a customer user', async () => {
    expectError(await p.admin('GET', '/cards/CARDNOSUCHCARD0000000'), 404, 'CARD_NOT_FOUND');
    const own = await customerViewerA.call('GET', `/cards/${w.marketing}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json.data.card.cardId).toBe(w.marketing);
    const others = await customerViewerB.call('GET', `/cards/${w.marketing}`);
    expectError(others, 404, 'CARD_NOT_FOUND');
    // The same answer as for a card that does not exist: nothing tells the two apart but the id.
    const unknown = await customerViewerB.call('GET', '/cards/CARDNOSUCHCARD0000000');
    expect(others.json.errorMessage.replace(w.marketing, 'X')).toBe(unknown.json.errorMessage.replace('CARDNOSUCHCARD0000000', 'X'));
    expect((await (await createUser(p, 'viewer')).call('GET', `/cards/${w.other}`)).statusCode).toBe(200);
    await p.expectLedgerClean();
  });
});
