// Real parallel requests over HTTP (the app listening on a port, fetch as the
// client): idempotency holds under a race, fees never overdraw the funding
// account, and limit changes of one card never overlap.
import { beforeAll, describe, expect, it } from 'vitest';
import { listeningPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { funding, httpPost, outcomes, parallel, tally, usd } from '../../../../../test/standard-kit.ts';
import { applyShareCard, SB_PATHS, sbOrderCount, shareCard, type SbEndpoint } from '../../../../../test/share-balance-kit.ts';

describe('ShareBalance-mode orders under concurrency', () => {
  const suite = listeningPlatform();
  let p: TestPlatform;
  beforeAll(() => { p = suite.p; });
  const send = (c: TestCustomer, endpoint: SbEndpoint, body: unknown) => httpPost(`${suite.base}${SB_PATHS[endpoint]}`, c, body);

  it.each([
    ['apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '10', customerOrderNo: 'SB-RACE-APPLY' }), 94, 2],
    ['creditLimit', (cardId: string) => ({ cardId, maxAuthAmount: '9', maxCreditAmount: '', customerOrderNo: 'SB-RACE-LIMIT' }), 97, 1],
    ['block', (cardId: string) => ({ cardId, customerOrderNo: 'SB-RACE-BLOCK' }), 97, 1],
    ['unblock', (cardId: string) => ({ cardId, customerOrderNo: 'SB-RACE-UNBLOCK' }), 97, 1],
    ['cancel', (cardId: string) => ({ cardId, customerOrderNo: 'SB-RACE-CANCEL' }), 95, 1],
  ] as Array<[SbEndpoint, (cardId: string) => Record<string, unknown>, number, number]>)(
    '20 parallel identical %s requests with one customerOrderNo make one order and move money once', async (endpoint, body, fundsAfter, applies) => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyShareCard(p, c); // funding 97
      if (endpoint === 'unblock') await send(c, 'block', { cardId });
      const results = await parallel(Array.from({ length: 20 }, () => () => send(c, endpoint, body(cardId))));
      expect(tally(outcomes(results))).toEqual({ Completed: 20 });
      expect(new Set(results.map((r) => r.json.data.orderNo)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(await sbOrderCount(p, c, 'ApplyCard')).toBe(applies);
      expect(await sbOrderCount(p, c)).toBe(applies + (endpoint === 'apply' ? 0 : 1) + (endpoint === 'unblock' ? 1 : 0));
      expect(await funding(p, c)).toEqual({ currency: 'USD', amount: fundsAfter, ledgerAmount: fundsAfter, heldAmount: 0 });
    });

  it('parallel applications beyond the funding account: exactly the affordable ones succeed', async () => {
    const c = await p.customer({ USD: '10' });
    const results = await parallel(Array.from({ length: 10 }, () => () => send(c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '1' })));
    expect(tally(outcomes(results))).toEqual({ Completed: 3, INSUFFICIENT_FUNDS: 7 }); // 3 × 3.00
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 1, ledgerAmount: 1, heldAmount: 0 });
    expect(await sbOrderCount(p, c)).toBe(3);
  });

  it('cancels and applications competing for one funding account never overdraw it', async () => {
    const c = await p.customer({ USD: '14' });
    const cards = [(await applyShareCard(p, c)).cardId, (await applyShareCard(p, c)).cardId]; // funding 8
    const results = await parallel([
      ...cards.map((cardId) => () => send(c, 'cancel', { cardId })),                                                 // 2 each
      ...Array.from({ length: 4 }, () => () => send(c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '1' })), // 3 each
    ]);
    const cancels = outcomes(results.slice(0, 2));
    const applies = outcomes(results.slice(2));
    for (const outcome of [...cancels, ...applies]) expect(['Completed', 'INSUFFICIENT_FUNDS']).toContain(outcome);
    const paid = cancels.filter((o) => o === 'Completed').length * 200 + applies.filter((o) => o === 'Completed').length * 300;
    // Accepted one by one under the funding row's lock until nothing more fits: 7 or 8 of the 8.00.
    expect([700, 800]).toContain(paid);
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: usd(800 - paid), ledgerAmount: usd(800 - paid), heldAmount: 0 });
  });

  it('parallel limit changes of one card never overlap: each completes or is told another is in progress', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyShareCard(p, c);
    const results = await parallel(Array.from({ length: 10 }, (_, i) => () => send(c, 'creditLimit', { cardId, maxAuthAmount: `${i + 1}`, maxCreditAmount: `${(i + 1) * 10}` })));
    const seen = tally(outcomes(results));
    expect(Object.keys(seen).every((k) => ['Completed', 'CARD_OPERATION_PENDING'].includes(k)), JSON.stringify(seen)).toBe(true);
    expect(seen.Completed).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.status).toBe(409);
    // The card carries the limits of the change that completed last (microseconds: the database's clock).
    const lastNo = (await p.store.db.selectFrom('orders').select('order_no').where('card_id', '=', cardId).where('order_type', '=', 'CreditLimit')
      .orderBy('completed_at', 'desc').executeTakeFirstOrThrow()).order_no;
    const last = results.find((r) => r.status === 200 && r.json.data.orderNo === lastNo)!.json.data;
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxAuthAmount: last.maxAuthAmount, maxCreditAmount: last.maxCreditAmount });
    expect(await sbOrderCount(p, c, 'CreditLimit')).toBe(seen.Completed);
  });
});
