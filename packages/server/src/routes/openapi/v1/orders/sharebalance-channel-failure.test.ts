// When the issuer channel declines a ShareBalance order, it ends as Failure
// with a reason, the fee it held is released in full and the card is as it
// was (a failed limit change leaves nothing parked on it). And an order the
// API process does not execute itself waits, Processing, for a worker.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { SwitchableChannel } from '../../../../../test/gated-channel.ts';
import { funding } from '../../../../../test/standard-kit.ts';
import {
  applyShareCard, sbBody, sbOrderCount, sbPost, sbPostOk, sbSnapshot, shareCard, waitForSbOrder, type SbEndpoint,
} from '../../../../../test/share-balance-kit.ts';

const declined = (operation: string) => `Issuer channel declined the ${operation} request (simulated failure)`;

describe('ShareBalance-mode orders when the issuer channel declines', () => {
  const channel = new SwitchableChannel();
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ channel }); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => {
    channel.down = false;
    await p.expectLedgerClean();
  });

  it('apply: Failure with a reason, no card, the open fee released', async () => {
    const c = await p.customer({ USD: '100' });
    channel.down = true;
    const order = await sbPostOk(p, c, 'apply', sbBody('apply', '', { customerOrderNo: 'SB-FAIL-APPLY' }), 'Failure');
    expect(order).toMatchObject({
      note: declined('issue'), failureReason: declined('issue'),
      maxAuthAmount: 500, maxCreditAmount: 1000, totalAmount: 3, transAmount: 0, transFee: 3, openedQty: 0, cardInfos: [],
      orderType: 'ApplyCard', customerOrderNo: 'SB-FAIL-APPLY',
    });
    expect(Date.parse(order.completedOn)).toBeGreaterThanOrEqual(Date.parse(order.createdOn));
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 100, ledgerAmount: 100, heldAmount: 0 });
    expect(await p.store.db.selectFrom('cards').select('id').where('customer_id', '=', c.customerId).execute()).toEqual([]);
    expect((await p.api('GET', '/v1/orders/sharebalance', { token: c.token, query: { CustomerOrderNo: 'SB-FAIL-APPLY' } })).json.data).toEqual(order);
  });

  // [endpoint, what the card must be in first, channel operation, fields the failed order shows]
  it.each([
    ['creditLimit', 'Active', 'setLimits', { maxAuthAmount: 200, maxCreditAmount: 2000 }],
    ['creditLimit', 'Blocked', 'setLimits', { maxAuthAmount: 200, maxCreditAmount: 2000 }],
    ['block', 'Active', 'block', { isBlocked: false, note: declined('block') }],
    ['unblock', 'Blocked', 'unblock', { note: declined('unblock') }],
    ['cancel', 'Active', 'cancel', { fee: 2, settleStatus: 'Released', note: declined('cancel') }],
    ['cancel', 'Blocked', 'cancel', { fee: 2, settleStatus: 'Released', note: declined('cancel') }],
  ] as Array<[SbEndpoint, string, string, Record<string, unknown>]>)('%s of a card that is %s: Failure, fee released, card unchanged', async (endpoint, status, operation, fields) => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyShareCard(p, c);
    if (status === 'Blocked') await sbPostOk(p, c, 'block', { cardId });
    const before = await sbSnapshot(p, c, [cardId]);
    channel.down = true;
    const order = await sbPostOk(p, c, endpoint, sbBody(endpoint, cardId), 'Failure');
    expect(order).toMatchObject({ ...fields, failureReason: declined(operation) });
    expect(order.completedOn).not.toBeNull();
    const after = await sbSnapshot(p, c, [cardId]);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.cards).toEqual(before.cards);
    expect(after.orders).toBe(before.orders + 1);
    const parked = await p.store.db.selectFrom('cards').select(['pending_op', 'pending_max_auth_minor', 'pending_max_credit_minor'])
      .where('id', '=', cardId).executeTakeFirstOrThrow();
    expect(parked).toEqual({ pending_op: null, pending_max_auth_minor: null, pending_max_credit_minor: null });

    // Nothing was left pending on the card: with the channel back, the same operation succeeds.
    channel.down = false;
    await sbPostOk(p, c, endpoint, sbBody(endpoint, cardId));
  });

  it('a replay of a failed order returns the failure; it is not tried again', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyShareCard(p, c);
    channel.down = true;
    const failed = await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '1', customerOrderNo: 'SB-FAILED-ONCE' }, 'Failure');
    channel.down = false;
    const again = await sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '1', customerOrderNo: 'SB-FAILED-ONCE' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.data).toEqual(failed);
    expect((await shareCard(p, c, cardId)).maxAuthAmount).toBe(500);
  });
});

describe('ShareBalance-mode orders executed by the worker loop, not the API process', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ config: { role: 'api', orderWaitMs: 200 } });
    c = await p.customer({ USD: '100' });
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('an apply answers Processing with the fee held, then completes when a worker runs the job', async () => {
    const processing = await sbPostOk(p, c, 'apply', sbBody('apply', ''), 'Processing');
    expect(processing).toMatchObject({ openedQty: 0, cardInfos: [], completedOn: null, transFee: 3 });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 97, ledgerAmount: 100, heldAmount: 3 });
    expect(await p.app.ctx.executor.runDueJobs(10)).toBe(1);
    const done = await waitForSbOrder(p, c, processing.orderNo);
    expect(done).toMatchObject({ orderNo: processing.orderNo, status: 'Completed', openedQty: 1 });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 97, ledgerAmount: 97, heldAmount: 0 });
    expect(await shareCard(p, c, done.cardInfos[0].cardId)).toMatchObject({ status: 'Active', maxAuthAmount: 500, balanceAmount: 97 });
  });

  it('a limit change waits in Processing, its limits parked on the card, until the worker runs it', async () => {
    const applied = await sbPostOk(p, c, 'apply', sbBody('apply', ''), 'Processing');
    await p.app.ctx.executor.runDueJobs(10);
    const cardId = (await waitForSbOrder(p, c, applied.orderNo)).cardInfos[0].cardId as string;
    const processing = await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '5', maxCreditAmount: '50' }, 'Processing');
    const parked = () => p.store.db.selectFrom('cards').select(['pending_op', 'pending_max_auth_minor', 'pending_max_credit_minor', 'max_auth_minor'])
      .where('id', '=', cardId).executeTakeFirstOrThrow();
    expect(await parked()).toEqual({ pending_op: 'CreditLimit', pending_max_auth_minor: 500n, pending_max_credit_minor: 5000n, max_auth_minor: 50000n });
    expect(await p.app.ctx.executor.runDueJobs(10)).toBe(1);
    expect((await waitForSbOrder(p, c, processing.orderNo)).status).toBe('Completed');
    expect(await parked()).toEqual({ pending_op: null, pending_max_auth_minor: null, pending_max_credit_minor: null, max_auth_minor: 500n });
    expect(await sbOrderCount(p, c, 'CreditLimit')).toBe(1);
  });
});
