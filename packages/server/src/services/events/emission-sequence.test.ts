// Sequence numbers under real concurrency (the app on a port, parallel fetches):
// a card's events are numbered 1..N without gaps or duplicates, in commit
// order; customer-level events are numbered in their own stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { applyCard, httpPost, ORDER_PATHS, outcomes, parallel, tally } from '../../../test/standard-kit.ts';
import { eventsInOrder, typesOf } from '../../../test/events-kit.ts';

const TOP_UPS = 50;
const DEPOSITS = 10;

describe('event sequence under concurrency', () => {
  let p: TestPlatform;
  let base: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    base = await p.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => { await p?.close(); });

  it(`${TOP_UPS} parallel top-ups on one card: its events are 1..N in commit order; deposits meanwhile count in the customer stream`, async () => {
    const c = await p.customer({ USD: '5000' });
    const { cardId } = await applyCard(p, c, '100');
    const deposit = (i: number) => async () => {
      const response = await fetch(`${base}/admin/v1/deposits`, {
        method: 'POST', headers: { 'x-admin-key': p.adminKey, 'content-type': 'application/json' },
        body: JSON.stringify({ customerId: c.customerId, currency: 'USD', amount: '1', reference: `seq-deposit-${i}` }),
      });
      return { status: response.status, replayed: false, json: await response.json() };
    };
    // Top-up amounts differ, so each one's place in the card's ledger is known from its balance after.
    const results = await parallel([
      ...Array.from({ length: TOP_UPS }, (_, i) => () => httpPost(`${base}${p.config.basePath}${ORDER_PATHS.topup}`, c, { cardId, topUpAmount: String(1 + i) })),
      ...Array.from({ length: DEPOSITS }, (_, i) => deposit(i)),
    ]);
    expect(tally(outcomes(results.slice(0, TOP_UPS)))).toEqual({ Completed: TOP_UPS });
    expect(results.slice(TOP_UPS).map((r) => r.status)).toEqual(Array(DEPOSITS).fill(200));

    const ofCard = await eventsInOrder(p, c, { CardId: cardId });
    const sequences = ofCard.map((e) => e.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: TOP_UPS + 2 }, (_, i) => i + 1));
    expect(typesOf(ofCard).filter((t) => t === 'order.completed')).toHaveLength(TOP_UPS + 1);
    // The newest-first list and the timestamps agree with the numbers: a receiver reading GET /v1/events sees them in order.
    expect(ofCard.map((e) => e.sequence)).toEqual(sequences);
    const stamps = ofCard.map((e) => Date.parse(e.timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));

    // Commit order, witnessed independently: top-ups credit the card's account under its row lock, held to
    // commit, so the order of their balances after is the order they committed in.
    const logs = await p.api('GET', '/v1/accounts/cardAccountLogs', { token: c.token, query: { CardId: cardId, PageSize: '100' } });
    expect(logs.statusCode, logs.body).toBe(200);
    const committed = logs.json.data.data.filter((l: any) => l.logType === 'CardTopUp')
      .sort((a: any, b: any) => a.balanceAfter - b.balanceAfter).map((l: any) => l.orderNo);
    expect(committed).toHaveLength(TOP_UPS);
    const bySequence = ofCard.filter((e) => e.type === 'order.completed' && e.data.orderType === 'CardTopUp')
      .sort((a, b) => a.sequence - b.sequence).map((e) => e.data.orderNo);
    expect(bySequence).toEqual(committed);

    // Customer-level events (the deposits) have their own numbers, 1..M.
    const customerLevel = (await eventsInOrder(p, c)).filter((e) => e.cardId === null);
    expect(typesOf(customerLevel)).toEqual(Array(DEPOSITS + 1).fill('account.credited'));
    expect(customerLevel.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: DEPOSITS + 1 }, (_, i) => i + 1));
    await p.expectLedgerClean();
  });
});
