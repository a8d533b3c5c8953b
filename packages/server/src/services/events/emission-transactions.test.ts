// Card transactions emit transaction.created (authorizations approved or
// declined, clearings, reversals, refunds) and transaction.updated (the
// authorization cleared, reversed, refunded, expired), each with the
// transaction as GET /v1/transactions renders it then; operator deposits emit
// account.credited once per deposit, however often it is replayed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { applyCard } from '../../../test/standard-kit.ts';
import { applyShareCard } from '../../../test/share-balance-kit.ts';
import { approved, authorize, simulateOk, transactions } from '../../../test/transactions-kit.ts';
import { eventsInOrder, eventsSince, typesOf } from '../../../test/events-kit.ts';

describe('transaction and deposit events', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '2000' });
  });
  afterAll(async () => { await p?.close(); });

  async function step(run: () => Promise<unknown>): Promise<any[]> {
    const before = await eventsInOrder(p, c);
    await run();
    return eventsSince(p, c, before);
  }
  /** The transaction as GET /v1/transactions renders it now. */
  async function listed(transactionId: string): Promise<any> {
    const all = (await transactions(p, c, { PageSize: '100' })).data;
    const found = all.find((t: any) => t.transactionId === transactionId);
    expect(found, transactionId).toBeDefined();
    return found;
  }
  /** Each event is its transaction as listed right after the step, on the card's stream. */
  async function expectRendered(events: any[], cardId: string) {
    for (const event of events) {
      expect(event.cardId).toBe(cardId);
      expect(event.data, event.type).toEqual(await listed(event.data.transactionId));
    }
  }
  const sortedTypes = (events: any[]) => typesOf(events).sort();

  it.each(['Standard', 'ShareBalance'])('%s: authorize, clear, refund, reverse, expire, decline', async (model) => {
    const cardId = model === 'Standard' ? (await applyCard(p, c, '200')).cardId : (await applyShareCard(p, c, { maxAuthAmount: '150', maxCreditAmount: '500' })).cardId;
    let authId = '';
    const authorized = await step(async () => { authId = await approved(p, c, cardId, '40'); });
    expect(typesOf(authorized)).toEqual(['transaction.created']);
    expect(authorized[0].data).toMatchObject({ transactionId: authId, transactionType: 'Authorization', status: 'Pending', heldAmount: 40 });
    await expectRendered(authorized, cardId);

    // A clearing is a new transaction and changes the authorization: one event each, in the same transaction.
    const cleared = await step(() => simulateOk(p, c, 'clear', { transactionId: authId, amount: '30' }));
    expect(sortedTypes(cleared)).toEqual(['transaction.created', 'transaction.updated']);
    expect(cleared.find((e) => e.type === 'transaction.updated').data).toMatchObject({ transactionId: authId, status: 'Settled', clearedAmount: 30 });
    expect(cleared.find((e) => e.type === 'transaction.created').data).toMatchObject({ transactionType: 'Clearing', authorizationId: authId, amount: 30 });
    await expectRendered(cleared, cardId);

    const refunded = await step(() => simulateOk(p, c, 'refund', { transactionId: authId, amount: '5' }));
    expect(sortedTypes(refunded)).toEqual(['transaction.created', 'transaction.updated']);
    expect(refunded.find((e) => e.type === 'transaction.created').data).toMatchObject({ transactionType: 'Refund', amount: 5 });
    expect(refunded.find((e) => e.type === 'transaction.updated').data).toMatchObject({ transactionId: authId, refundedAmount: 5 });
    await expectRendered(refunded, cardId);

    const second = await approved(p, c, cardId, '20');
    const reversed = await step(() => simulateOk(p, c, 'reverse', { transactionId: second }));
    expect(sortedTypes(reversed)).toEqual(['transaction.created', 'transaction.updated']);
    expect(reversed.find((e) => e.type === 'transaction.updated').data).toMatchObject({ transactionId: second, status: 'Reversed', heldAmount: 0, reversedAmount: 20 });
    expect(reversed.find((e) => e.type === 'transaction.created').data).toMatchObject({ transactionType: 'Reversal', amount: 20 });
    await expectRendered(reversed, cardId);

    const third = await approved(p, c, cardId, '15');
    const expired = await step(() => simulateOk(p, c, 'expire', { transactionId: third }));
    expect(typesOf(expired)).toEqual(['transaction.updated']);
    expect(expired[0].data).toMatchObject({ transactionId: third, status: 'Expired', heldAmount: 0 });
    await expectRendered(expired, cardId);

    const declined = await step(() => authorize(p, c, cardId, '5000'));
    expect(typesOf(declined)).toEqual(['transaction.created']);
    expect(declined[0].data).toMatchObject({ status: 'Declined', declineReason: expect.any(String), heldAmount: 0 });
    await expectRendered(declined, cardId);

    // Nothing else: no card.updated for spending, and the card's events are numbered without a gap.
    const ofCard = await eventsInOrder(p, c, { CardId: cardId });
    expect(ofCard.map((e) => e.sequence)).toEqual(ofCard.map((_, i) => i + 1));
    expect(typesOf(ofCard).filter((t) => t.startsWith('card.'))).toEqual(['card.created']);
    await p.expectLedgerClean();
  });

  it('an operator deposit emits account.credited once, not again when its reference is replayed', async () => {
    const body = { customerId: c.customerId, currency: 'USD', amount: '12.34', reference: 'emission-deposit-1' };
    let deposit: any;
    const events = await step(async () => {
      const response = await p.admin('POST', '/deposits', body);
      expect(response.statusCode, response.body).toBe(200);
      deposit = response.json.data;
    });
    expect(typesOf(events)).toEqual(['account.credited']);
    const { customerId: _customerId, ...credited } = deposit;
    expect(events[0]).toMatchObject({ cardId: null, data: credited });
    expect(events[0].data).toEqual(credited);
    expect(events[0].data).toMatchObject({ amount: 12.34, currency: 'USD', reference: 'emission-deposit-1' });

    const replay = await step(async () => {
      const response = await p.admin('POST', '/deposits', body);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json.data.depositId).toBe(deposit.depositId);
    });
    expect(replay).toEqual([]);
    // Deposits are customer-level: numbered in the customer's stream (the opening deposit was 1).
    const customerLevel = (await eventsInOrder(p, c)).filter((e) => e.cardId === null);
    expect(customerLevel.map((e) => e.sequence)).toEqual(customerLevel.map((_, i) => i + 1));
    expect(customerLevel.at(-1).eventId).toBe(events[0].eventId);
    await p.expectLedgerClean();
  });
});
