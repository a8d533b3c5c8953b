// Top-ups and withdrawals are accepted and completed in batches (accept-batch.ts,
// finish-batch.ts). Real parallel requests over HTTP: the orders share database
// transactions (their created_at / completed_at, the transaction's start, say
// which), and every answer is still the one a lone request would get: a replay,
// a refusal for funds or for the card's state, exact balances, a clean ledger.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { listeningPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { applyCard, card, funding, httpPost, ORDER_PATHS, outcomes, parallel, postOk, tally, type OrderEndpoint } from '../../../test/standard-kit.ts';

describe('top-ups and withdrawals in batches', () => {
  const suite = listeningPlatform();
  let p: TestPlatform;
  beforeAll(() => { p = suite.p; });
  const send = (c: TestCustomer, endpoint: OrderEndpoint, body: unknown) => httpPost(`${suite.base}${ORDER_PATHS[endpoint]}`, c, body);
  /** How many database transactions accepted, and completed, these orders (a transaction's now() is the same for all its rows). */
  const transactions = async (orderNos: string[]) => {
    const { rows } = await sql<{ accepted: number; completed: number }>`
      SELECT count(DISTINCT created_at)::int AS accepted, count(DISTINCT completed_at)::int AS completed
      FROM orders WHERE order_no = ANY(${orderNos}::text[])`.execute(p.store.db);
    return rows[0]!;
  };

  it('60 parallel top-ups and withdrawals of 3 customers share transactions, and the money comes out exact', async () => {
    const customers = await Promise.all([1, 2, 3].map(() => p.customer({ USD: '3000' })));
    const cards = await Promise.all(customers.flatMap((c) => [applyCard(p, c, '1000'), applyCard(p, c, '1000')].map(async (a) => ({ c, cardId: (await a).cardId }))));
    // Each card: 5 top-ups of 10 (+10 card, −10.15 funding) and 5 withdrawals of 5 (−6 card, +5 funding).
    const results = await parallel(Array.from({ length: 60 }, (_, i) => {
      const { c, cardId } = cards[i % cards.length]!;
      return () => (i % 12 < 6 ? send(c, 'topup', { cardId, topUpAmount: '10' }) : send(c, 'withdraw', { cardId, withdrawAmount: '5' }));
    }));
    expect(tally(outcomes(results))).toEqual({ Completed: 60 });
    const orderNos = results.map((r) => r.json.data.orderNo as string);
    expect(new Set(orderNos).size).toBe(60);
    // On PGlite (one connection; a query holds the event loop while it runs) requests seldom overlap, so it
    // seldom batches; on PostgreSQL the orders that arrive during a batch's round trip go into the next one.
    if (p.store.kind === 'postgres') {
      const shared = await transactions(orderNos);
      expect(shared.accepted).toBeLessThan(60);
      expect(shared.completed).toBeLessThan(60);
    }
    for (const { c, cardId } of cards) expect((await card(p, c, cardId)).balanceAmount).toBe(1000 + 5 * 10 - 5 * 6);
    // 3000 − 2 × 1020 (two cards of 1000, with their fees) − 10 × 10.15 + 10 × 5
    for (const c of customers) expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 908.5, ledgerAmount: 908.5, heldAmount: 0 });
  });

  it('in one burst: a repeated customerOrderNo, a cancelled card and more than the funds each get a lone request\'s answer', async () => {
    const c = await p.customer({ USD: '231' });
    const { cardId } = await applyCard(p, c, '100');
    const { cardId: cancelled } = await applyCard(p, c, '10');
    await postOk(p, c, 'cancel', { cardId: cancelled });
    // About 118 USD left: room for 11 of the 13 distinct top-ups of 10 (10.15 with the fee).
    const before = (await funding(p, c)).amount;
    const affordable = Math.floor(Math.round(before * 100) / 1015);
    expect(affordable).toBeLessThan(13);
    const results = await parallel([
      ...Array.from({ length: 12 }, () => () => send(c, 'topup', { cardId, topUpAmount: '10' })),
      ...Array.from({ length: 6 }, () => () => send(c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'BURST-SAME' })),
      ...Array.from({ length: 3 }, () => () => send(c, 'topup', { cardId: cancelled, topUpAmount: '10' })),
    ]);
    const [plain, same, onCancelled] = [results.slice(0, 12), results.slice(12, 18), results.slice(18)];
    expect(tally(outcomes(onCancelled))).toEqual({ CARD_CANCELLED: 3 });
    // The repeated number is one order (if it was funded) and the same answer six times.
    const sameOutcomes = outcomes(same);
    expect(new Set(sameOutcomes).size).toBe(1);
    if (sameOutcomes[0] === 'Completed') expect(new Set(same.map((r) => r.json.data.orderNo)).size).toBe(1);
    const completed = outcomes(plain).filter((o) => o === 'Completed').length + (sameOutcomes[0] === 'Completed' ? 1 : 0);
    expect(completed).toBe(Math.min(affordable, 13));
    expect(outcomes(plain).filter((o) => o !== 'Completed').every((o) => o === 'INSUFFICIENT_FUNDS')).toBe(true);
    expect((await card(p, c, cardId)).balanceAmount).toBe(100 + 10 * completed);
    expect((await funding(p, c)).amount).toBeCloseTo(before - 10.15 * completed, 2);
  });
});
