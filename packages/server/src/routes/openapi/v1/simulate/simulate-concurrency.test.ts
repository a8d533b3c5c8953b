import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { card, funding } from '../../../../../test/standard-kit.ts';
import { applyShareCard } from '../../../../../test/share-balance-kit.ts';
import { simulate, transactions } from '../../../../../test/transactions-kit.ts';

// Real parallel HTTP requests: every check of the engine must hold when many authorizations
// race for the same card or the same funding account, in one batch or across batches.
describe('authorizations in parallel', () => {
  let p: TestPlatform;
  let url: string;
  beforeAll(async () => {
    // A small batch size, so the 100 requests are decided in many batches as well as within them.
    p = await createTestPlatform({ config: { authBatchMax: 7, authBatchConcurrency: 3, dbPoolSize: 10 } });
    url = (await p.app.listen({ host: '127.0.0.1', port: 0 })) + p.config.basePath;
  });
  afterAll(async () => { await p.close(); });

  const authorizeOverHttp = async (token: string, body: Record<string, unknown>) => {
    const response = await fetch(`${url}/v1/simulate/authorize`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: { status: string; declineReason: string | null; amount: number } }).data;
  };

  it('approves exactly as many as maxCreditAmount allows on one ShareBalance card; usedCreditAmount exact', async () => {
    const c = await p.customer({ USD: '100000' });
    // 100 × 7.77 = 777; the credit allows 38 of them (295.26), not 39 (303.03).
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '10', maxCreditAmount: '300' });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => authorizeOverHttp(c.token, { cardId, amount: '7.77', reference: `credit-${i}` })));
    const approvedCount = results.filter((t) => t.status === 'Pending').length;
    expect(approvedCount).toBe(38);
    expect(results.filter((t) => t.status === 'Declined').every((t) => t.declineReason === 'EXCEEDS_CREDIT_LIMIT')).toBe(true);
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 295.26, balanceAmount: 4.74 });
    expect((await funding(p, c)).heldAmount).toBe(295.26);
    expect((await transactions(p, c, { CardId: cardId, Status: 'Pending' })).totalRecords).toBe(38);
    await p.expectLedgerClean();
  });

  it('never lets many cards of one customer together overdraw the funding account', async () => {
    const c = await p.customer({ USD: '200' });
    const cards: string[] = [];
    for (let i = 0; i < 10; i++) cards.push((await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: null })).cardId);
    const available = (await funding(p, c)).amount; // 200 minus ten open fees
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      authorizeOverHttp(c.token, { cardId: cards[i % cards.length], amount: '3.33', reference: `fund-${i}` })));
    const approvedCount = results.filter((t) => t.status === 'Pending').length;
    expect(approvedCount).toBe(Math.floor((available * 100) / 333));
    expect(results.filter((t) => t.status === 'Declined').every((t) => t.declineReason === 'INSUFFICIENT_FUNDS')).toBe(true);
    const after = await funding(p, c);
    expect(after.amount).toBeGreaterThanOrEqual(0);
    expect(after.amount).toBeLessThan(3.33);
    expect(after.heldAmount).toBeCloseTo(approvedCount * 3.33, 2);
    await p.expectLedgerClean();
  });

  it('serializes authorizations racing a Standard card\'s top-ups and withdrawals without losing a cent', async () => {
    const c = await p.customer({ USD: '1000' });
    const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' } });
    const cardId = apply.json.data.cardInfos[0].cardId as string;
    const orders = Array.from({ length: 10 }, (_, i) => fetch(`${url}/v1/orders/standard/topup`, {
      method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cardId, topUpAmount: '10', customerOrderNo: `race-top-${i}` }),
    }));
    const auths = Array.from({ length: 40 }, (_, i) => authorizeOverHttp(c.token, { cardId, amount: '5', reference: `race-${i}` }));
    const [orderResponses, results] = await Promise.all([Promise.all(orders), Promise.all(auths)]);
    expect(orderResponses.every((r) => r.status === 200)).toBe(true);
    const approvedCount = results.filter((t) => t.status === 'Pending').length;
    // 100 + 10 × 10 = 200 at most, so at least 20 of the 40 × 5 fit whatever the interleaving.
    expect(approvedCount).toBeGreaterThanOrEqual(20);
    expect((await card(p, c, cardId)).balanceAmount).toBe(200 - approvedCount * 5);
    await p.expectLedgerClean();
  });
});
