// When the issuer channel declines, the order ends as Failure with a reason,
// its funds are released in full and the card is as it was. And an order the
// API process does not execute itself waits, Processing, for a worker.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, funding, orderCount, post, postOk, snapshot, usd, validBody, waitForOrder, type OrderEndpoint } from '../../../../../test/standard-kit.ts';
import { SwitchableChannel } from '../../../../../test/gated-channel.ts';

describe('Standard-mode orders when the issuer channel declines', () => {
  // Cards are issued while the channel works; each test then takes it down.
  const channel = new SwitchableChannel();
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ channel }); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => {
    channel.down = false;
    await p.expectLedgerClean();
  });

  it('apply: Failure with a reason, no card, the funding account back to what it was', async () => {
    const c = await p.customer({ USD: '1000' });
    channel.down = true;
    const order = await postOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', customerOrderNo: 'FAIL-APPLY' }, 'Failure');
    expect(order).toMatchObject({
      failureReason: 'Issuer channel declined the issue request (simulated failure)',
      totalTopUpAmount: 100, totalFee: 6.5, totalPayAmount: 106.5, totalOpened: 0, cardInfos: [], payMessage: 'Released', paidOn: null,
      orderType: 'ApplyCard', customerOrderNo: 'FAIL-APPLY',
    });
    expect(Date.parse(order.completedOn)).toBeGreaterThanOrEqual(Date.parse(order.createdOn));
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 1000, ledgerAmount: 1000, heldAmount: 0 });
    expect((await p.api('GET', '/v1/orders/standard', { token: c.token, query: { CustomerOrderNo: 'FAIL-APPLY' } })).json.data).toEqual(order);
  });

  // [endpoint, what the card must be in first, fields the failed order shows]
  it.each([
    ['topup', 'Active', { totalTopUpAmount: 10, totalCompletedCardCount: 0, payMessage: 'Released', paidOn: null }],
    ['withdraw', 'Active', { withdrawAmount: 5, withdrawFee: 1, totalAmount: 6 }],
    ['block', 'Active', { isBlocked: false, note: 'Issuer channel declined the block request (simulated failure)' }],
    ['unblock', 'Blocked', { note: 'Issuer channel declined the unblock request (simulated failure)' }],
    ['cancel', 'Active', { fee: 2, settleAmount: 98, settleStatus: 'Released' }],
    ['cancel', 'Blocked', { fee: 2, settleAmount: 98, settleStatus: 'Released' }],
  ] as Array<[OrderEndpoint, string, Record<string, unknown>]>)('%s of a card that is %s: Failure, funds released, card unchanged', async (endpoint, status, fields) => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100');
    if (status === 'Blocked') await postOk(p, c, 'block', { cardId });
    const before = await snapshot(p, c, [cardId]);
    channel.down = true;
    const order = await postOk(p, c, endpoint, validBody(endpoint, cardId), 'Failure');
    const verb = { topup: 'topUp', withdraw: 'withdraw', block: 'block', unblock: 'unblock', cancel: 'cancel' }[endpoint as string];
    expect(order).toMatchObject({ ...fields, failureReason: `Issuer channel declined the ${verb} request (simulated failure)` });
    expect(order.completedOn).not.toBeNull();
    const after = await snapshot(p, c, [cardId]);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.cards).toEqual(before.cards);
    expect(after.orders).toBe(before.orders + 1);

    // The failure left nothing pending on the card: with the channel back, the same operation succeeds.
    channel.down = false;
    await postOk(p, c, endpoint, validBody(endpoint, cardId));
  });

  it('a replay of a failed order returns the failure; it is not tried again', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100');
    channel.down = true;
    const failed = await postOk(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'FAILED-ONCE' }, 'Failure');
    channel.down = false;
    const again = await post(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'FAILED-ONCE' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.data).toEqual(failed);
    expect((await card(p, c, cardId)).balanceAmount).toBe(100);
  });
});

describe('Standard-mode orders executed by the worker loop, not the API process', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ config: { role: 'api', orderWaitMs: 200 } });
    c = await p.customer({ USD: '1000' });
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('answers Processing with the funds held, then completes when a worker runs the job', async () => {
    const started = Date.now();
    const processing = await postOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' }, 'Processing');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190); // it waited orderWaitMs for a result
    expect(processing).toMatchObject({ totalOpened: 0, cardInfos: [], payMessage: 'Processing', paidOn: null, completedOn: null });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 893.5, ledgerAmount: 1000, heldAmount: 106.5 });
    // Nothing runs it in this process: still Processing a while later.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await waitForOrder(p, c, processing.orderNo, 0)).status).toBe('Processing');

    expect(await p.app.ctx.executor.runDueJobs(10)).toBe(1);
    const done = await waitForOrder(p, c, processing.orderNo);
    expect(done).toMatchObject({ orderNo: processing.orderNo, status: 'Completed', totalOpened: 1, payMessage: 'Paid' });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 893.5, ledgerAmount: 893.5, heldAmount: 0 });
    expect(await card(p, c, done.cardInfos[0].cardId)).toMatchObject({ status: 'Active', balanceAmount: 100 });
    expect(await p.app.ctx.executor.runDueJobs(10)).toBe(0);
  });

  it('a top-up waits in Processing, holding the funds, until the worker runs it', async () => {
    const cardId = await (async () => {
      const applied = await postOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' }, 'Processing');
      await p.app.ctx.executor.runDueJobs(10);
      return (await waitForOrder(p, c, applied.orderNo)).cardInfos[0].cardId as string;
    })();
    const fundsBefore = await funding(p, c);
    const processing = await postOk(p, c, 'topup', { cardId, topUpAmount: '20' }, 'Processing');
    const cents = (amount: number) => Math.round(amount * 100);
    expect(await funding(p, c)).toEqual({ ...fundsBefore, amount: usd(cents(fundsBefore.amount) - 2030), heldAmount: 20.3 });
    expect((await card(p, c, cardId)).balanceAmount).toBe(10);
    expect(await orderCount(p, c, 'CardTopUp')).toBe(1);

    expect(await p.app.ctx.executor.runDueJobs(10)).toBe(1);
    expect((await waitForOrder(p, c, processing.orderNo)).status).toBe('Completed');
    expect((await card(p, c, cardId)).balanceAmount).toBe(30);
    expect(await funding(p, c)).toMatchObject({ ledgerAmount: usd(cents(fundsBefore.ledgerAmount) - 2030), heldAmount: 0 });
  });
});
