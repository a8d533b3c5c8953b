// Real parallel requests over HTTP (the app listening on a port, fetch as the
// client): the money comes out exact, idempotency holds under a race, funds
// are never overdrawn, and a cancel racing with top-ups settles what it saw.
import { beforeAll, describe, expect, it } from 'vitest';
import { listeningPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, funding, httpPost, orderCount, ORDER_PATHS, outcomes, parallel, tally, usd, type OrderEndpoint } from '../../../../../test/standard-kit.ts';

describe('Standard-mode orders under concurrency', () => {
  const suite = listeningPlatform();
  let p: TestPlatform;
  beforeAll(() => { p = suite.p; });
  const send = (c: TestCustomer, endpoint: OrderEndpoint, body: unknown) => httpPost(`${suite.base}${ORDER_PATHS[endpoint]}`, c, body);

  it('50 parallel top-ups and withdrawals on one card leave exactly the expected balances', async () => {
    const c = await p.customer({ USD: '2000' });
    const { cardId } = await applyCard(p, c, '1000'); // 1000 + 5 + 15 → funding 980.00
    const results = await parallel(Array.from({ length: 50 }, (_, i) => () => (i % 2 === 0
      ? send(c, 'topup', { cardId, topUpAmount: '10' })         // card +10, funding −10.15
      : send(c, 'withdraw', { cardId, withdrawAmount: '5' })))); // card −6, funding +5
    expect(tally(outcomes(results))).toEqual({ Completed: 50 });
    expect((await card(p, c, cardId)).balanceAmount).toBe(usd(100_000 + 25 * 1000 - 25 * 600));
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: usd(98_000 - 25 * 1015 + 25 * 500), ledgerAmount: 851.25, heldAmount: 0 });
    expect(await orderCount(p, c)).toBe(51);
    expect(new Set(results.map((r) => r.json.data.orderNo)).size).toBe(50);
  });

  it.each([
    ['topup', (cardId: string) => ({ cardId, topUpAmount: '10', customerOrderNo: 'RACE-TOPUP' })],
    ['apply', () => ({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10', customerOrderNo: 'RACE-APPLY' })],
    ['withdraw', (cardId: string) => ({ cardId, customerOrderNo: 'RACE-WITHDRAW-ALL' })],
    ['block', (cardId: string) => ({ cardId, customerOrderNo: 'RACE-BLOCK' })],
    ['cancel', (cardId: string) => ({ cardId, customerOrderNo: 'RACE-CANCEL' })],
  ] as Array<[OrderEndpoint, (cardId: string) => Record<string, unknown>]>)(
    '20 parallel identical %s requests with one customerOrderNo make one order and move money once', async (endpoint, body) => {
      const c = await p.customer({ USD: '1000' });
      const { cardId } = await applyCard(p, c, '100'); // funding 893.50
      const results = await parallel(Array.from({ length: 20 }, () => () => send(c, endpoint, body(cardId))));
      expect(tally(outcomes(results))).toEqual({ Completed: 20 });
      expect(new Set(results.map((r) => r.json.data.orderNo)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(await orderCount(p, c)).toBe(2);
      const expected: Record<string, [number, number]> = { // [funding, card]
        topup: [883.35, 110], apply: [878.35, 100], withdraw: [992.5, 0], block: [893.5, 100], cancel: [991.5, 0],
      };
      expect((await funding(p, c)).amount).toBe(expected[endpoint]![0]);
      expect((await card(p, c, cardId)).balanceAmount).toBe(expected[endpoint]![1]);
    });

  it('parallel top-ups beyond the funding account: exactly the affordable ones succeed', async () => {
    const c = await p.customer({ USD: '75.15' });
    const { cardId } = await applyCard(p, c, '10'); // 15.15 → funding 60.00, enough for 5 × 10.15
    const results = await parallel(Array.from({ length: 20 }, () => () => send(c, 'topup', { cardId, topUpAmount: '10' })));
    expect(tally(outcomes(results))).toEqual({ Completed: 5, INSUFFICIENT_FUNDS: 15 });
    for (const refused of results.filter((r) => r.status !== 200)) expect(refused.status).toBe(400);
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 9.25, ledgerAmount: 9.25, heldAmount: 0 });
    expect((await card(p, c, cardId)).balanceAmount).toBe(60);
  });

  it('parallel applications beyond the funding account: exactly the affordable ones succeed', async () => {
    const c = await p.customer({ USD: '50' });
    const results = await parallel(Array.from({ length: 10 }, () => () => send(c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' })));
    expect(tally(outcomes(results))).toEqual({ Completed: 3, INSUFFICIENT_FUNDS: 7 }); // 3 × 15.15 = 45.45
    expect((await funding(p, c)).amount).toBe(4.55);
    expect(await orderCount(p, c)).toBe(3);
  });

  it('parallel withdrawals beyond the card balance: exactly the affordable ones succeed', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100'); // funding 893.50
    const results = await parallel(Array.from({ length: 20 }, () => () => send(c, 'withdraw', { cardId, withdrawAmount: '10' })));
    expect(tally(outcomes(results))).toEqual({ Completed: 9, INSUFFICIENT_CARD_BALANCE: 11 }); // 9 × 11 = 99
    expect((await card(p, c, cardId)).balanceAmount).toBe(1);
    expect((await funding(p, c)).amount).toBe(983.5);
  });

  it('a cancel racing with top-ups settles exactly the top-ups that got in before it', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100'); // funding 893.50
    const requests = Array.from({ length: 10 }, () => () => send(c, 'topup', { cardId, topUpAmount: '10' }));
    requests.splice(5, 0, () => send(c, 'cancel', { cardId, customerOrderNo: 'RACE-CNL' }));
    const results = await parallel(requests);
    const [cancel] = results.splice(5, 1);
    const topUps = tally(outcomes(results));
    // A top-up either got in before the cancel, or was refused because of it; nothing else.
    expect(Object.keys(topUps).every((k) => ['Completed', 'CARD_OPERATION_PENDING', 'CARD_CANCELLED'].includes(k)), JSON.stringify(topUps)).toBe(true);
    // The cancel either won or was told to retry while top-ups were in flight; retried, it must win now.
    expect([200, 409]).toContain(cancel!.status);
    const final = cancel!.status === 200 ? cancel! : await send(c, 'cancel', { cardId, customerOrderNo: 'RACE-CNL' });
    expect(final.status, JSON.stringify(final.json)).toBe(200);
    const completed = topUps.Completed ?? 0;
    expect(final.json.data).toMatchObject({ status: 'Completed', fee: 2, settleAmount: usd(10_000 + completed * 1000 - 200) });
    expect(await card(p, c, cardId)).toMatchObject({ status: 'Cancel', balanceAmount: 0 });
    expect(await funding(p, c)).toEqual({
      currency: 'USD', amount: usd(89_350 - completed * 1015 + 10_000 + completed * 1000 - 200),
      ledgerAmount: usd(89_350 - completed * 1015 + 10_000 + completed * 1000 - 200), heldAmount: 0,
    });
    expect(await orderCount(p, c, 'CardTopUp')).toBe(completed);
  });
});
