// No event without a committed change: refused orders and transactions, and
// replays, emit nothing; a change rolled back takes its events with it.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { GatedChannel } from '../../../test/gated-channel.ts';
import { applyCard, expectError, post, postOk } from '../../../test/standard-kit.ts';
import { applyShareCard, sbPost } from '../../../test/share-balance-kit.ts';
import { approved, simulate, simulateOk } from '../../../test/transactions-kit.ts';
import { eventsInOrder, eventsSince, typesOf } from '../../../test/events-kit.ts';

describe('no event without a committed change', () => {
  const channel = new GatedChannel();
  let p: TestPlatform;
  let c: TestCustomer;
  let cardId: string;
  let shareId: string;
  beforeAll(async () => {
    p = await createTestPlatform({ channel });
    c = await p.customer({ USD: '300' });
    cardId = (await applyCard(p, c, '50', { customerOrderNo: 'REFUSE-APPLY' })).cardId;
    shareId = (await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '200' })).cardId;
  });
  afterEach(async () => {
    channel.release();
    await p.expectLedgerClean();
  });
  afterAll(async () => { await p?.close(); });

  /** Runs `refusals`, then asserts that the customer's events are exactly what they were. */
  async function expectNoEvents(refusals: () => Promise<void>) {
    const before = await eventsInOrder(p, c);
    await refusals();
    expect(await eventsSince(p, c, before)).toEqual([]);
    expect(await eventsInOrder(p, c)).toEqual(before);
  }

  it('refused orders: insufficient funds, wrong card state, a replayed or reused customerOrderNo', async () => {
    await expectNoEvents(async () => {
      expectError(await post(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100000' }), 400, 'INSUFFICIENT_FUNDS');
      expectError(await post(p, c, 'topup', { cardId, topUpAmount: '100000' }), 400, 'INSUFFICIENT_FUNDS');
      expectError(await post(p, c, 'withdraw', { cardId, withdrawAmount: '100000' }), 400, 'INSUFFICIENT_CARD_BALANCE');
      expectError(await post(p, c, 'unblock', { cardId }), 400, 'CARD_NOT_BLOCKED');
      expectError(await sbPost(p, c, 'unblock', { cardId: shareId }), 400, 'CARD_NOT_BLOCKED');
      expectError(await sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '1' }), 400, 'CARD_MODEL_MISMATCH');
      expectError(await post(p, c, 'topup', { cardId: 'CARDNOSUCHCARD', topUpAmount: '5' }), 404, 'CARD_NOT_FOUND');
      // The same request again is answered from the original order; other parameters under its number are refused.
      const replay = await post(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '50', customerOrderNo: 'REFUSE-APPLY' });
      expect(replay.statusCode, replay.body).toBe(200);
      expect(replay.json.data.cardInfos[0].cardId).toBe(cardId);
      expectError(await post(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '51', customerOrderNo: 'REFUSE-APPLY' }), 409, 'ORDER_NO_CONFLICT');
    });
    // A cancelled card refuses everything.
    const doomed = (await applyCard(p, c, '5')).cardId;
    await postOk(p, c, 'cancel', { cardId: doomed });
    await expectNoEvents(async () => {
      for (const endpoint of ['topup', 'block', 'cancel'] as const) {
        expectError(await post(p, c, endpoint, endpoint === 'topup' ? { cardId: doomed, topUpAmount: '5' } : { cardId: doomed }), 400, 'CARD_CANCELLED');
      }
    });
  });

  it('refused and replayed transactions', async () => {
    const authId = await approved(p, c, cardId, '3', { reference: 'refuse-auth' });
    await simulateOk(p, c, 'clear', { transactionId: authId });
    await expectNoEvents(async () => {
      expectError(await simulate(p, c, 'clear', { transactionId: authId }), 409, 'AUTHORIZATION_NOT_PENDING');
      expectError(await simulate(p, c, 'refund', { transactionId: authId, amount: '4' }), 400, 'AMOUNT_EXCEEDS_REFUNDABLE');
      expectError(await simulate(p, c, 'expire', { transactionId: authId }), 409, 'AUTHORIZATION_NOT_PENDING');
      // The same authorization again (same reference) is the original one, not a new one.
      const replay = await simulateOk(p, c, 'authorize', { cardId, amount: '3', merchantName: 'Test Shop', mcc: '5411', merchantCountry: 'US', reference: 'refuse-auth' });
      expect(replay.transactionId).toBe(authId);
    });
  });

  it('a rolled-back transaction leaves none of its events; the same change committed does emit them', async () => {
    // An order the channel holds stays Processing, so its completion can be forged inside a transaction.
    const arrived = channel.hold('topUp');
    const inFlight = post(p, c, 'topup', { cardId, topUpAmount: '7' });
    await arrived;
    const held = (await sql<{ order_no: string }>`SELECT order_no FROM orders WHERE card_id = ${cardId} AND status = 'Processing'`.execute(p.store.db)).rows;
    expect(held).toHaveLength(1);
    const orderNo = held[0]!.order_no;
    const spare = (await applyCard(p, c, '5')).cardId;
    const forgeAndRollBack = () => p.store.transaction(async (run) => {
      await run(sql`UPDATE orders SET status = 'Completed' WHERE order_no = ${orderNo}`);
      await run(sql`UPDATE cards SET status = 'Blocked' WHERE id = ${spare}`);
      await run(sql`UPDATE card_transactions SET status = 'Expired', held_minor = 0 WHERE card_id = ${cardId} AND type = 'Authorization'`);
      throw new Error('roll back');
    });
    await expectNoEvents(async () => {
      await expect(forgeAndRollBack()).rejects.toThrow('roll back');
    });
    // The card's stream is unharmed: the held order, once done, takes the next number.
    channel.release();
    const done = await inFlight;
    expect(done.json.data.status, done.body).toBe('Completed');
    const ofCard = await eventsInOrder(p, c, { CardId: cardId });
    expect(ofCard.map((e) => e.sequence)).toEqual(ofCard.map((_, i) => i + 1));
    expect(ofCard.at(-1)).toMatchObject({ type: 'order.completed', data: { orderNo } });
    // Control: the same statements committed (on a card whose state nothing else checks) do emit.
    const spareBefore = await eventsInOrder(p, c, { CardId: spare });
    await p.store.transaction(async (run) => { await run(sql`UPDATE cards SET status = 'Blocked' WHERE id = ${spare}`); });
    const spareAfter = await eventsInOrder(p, c, { CardId: spare });
    expect(typesOf(spareAfter.slice(spareBefore.length))).toEqual(['card.updated']);
    expect(spareAfter.at(-1).data.status).toBe('Blocked');
  });
});
