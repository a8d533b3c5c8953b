import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { GatedChannel } from '../../../../../test/gated-channel.ts';
import { expectError, funding } from '../../../../../test/standard-kit.ts';
import { applyShareCard, sbPost, sbPostOk, sbSnapshot, shareCard, withUsedCredit } from '../../../../../test/share-balance-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/sharebalance/creditLimit', () => {
  const channel = new GatedChannel();
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ channel });
    c = await p.customer({ USD: '1000' });
  });
  afterAll(async () => { channel.release(); await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  /** The columns a limit change parks on the card while it is in flight. */
  const pendingColumns = (cardId: string) => p.store.db.selectFrom('cards')
    .select(['pending_op', 'pending_max_auth_minor', 'pending_max_credit_minor']).where('id', '=', cardId).executeTakeFirstOrThrow();

  it('sets both limits, answers every documented field and moves no money', async () => {
    const { cardId } = await applyShareCard(p, c);
    const fundsBefore = await funding(p, c);
    const response = await sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: 1000.0, maxCreditAmount: 20000.0, customerOrderNo: 'LMT-ALL-FIELDS' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/), cardId, maxAuthAmount: 1000, maxCreditAmount: 20000,
      status: 'Completed', orderType: 'CreditLimit', failureReason: '',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'LMT-ALL-FIELDS',
    });
    expect(await shareCard(p, c, cardId)).toEqual({ status: 'Active', balanceAmount: fundsBefore.amount, maxAuthAmount: 1000, maxCreditAmount: 20000, usedCreditAmount: 0 });
    expect(await funding(p, c)).toEqual(fundsBefore);
    expect(await pendingColumns(cardId)).toEqual({ pending_op: null, pending_max_auth_minor: null, pending_max_credit_minor: null });
    const entries = await p.store.db.selectFrom('journal_entries').select('id').where('order_no', '=', response.json.data.orderNo).execute();
    expect(entries).toEqual([]);
  });

  it.each([
    ['absent', {}], ['null', { maxCreditAmount: null }], ['""', { maxCreditAmount: '' }],
  ])('maxCreditAmount %s lifts the total limit; a value sets it again', async (_, extra) => {
    const { cardId } = await applyShareCard(p, c, { maxCreditAmount: '100' });
    const lifted = await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '20', ...extra });
    expect(lifted).toMatchObject({ maxAuthAmount: 20, maxCreditAmount: null });
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxAuthAmount: 20, maxCreditAmount: null, balanceAmount: (await funding(p, c)).amount });
    const set = await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '20.50', maxCreditAmount: '0.01' });
    expect(set).toMatchObject({ maxAuthAmount: 20.5, maxCreditAmount: 0.01 });
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxAuthAmount: 20.5, maxCreditAmount: 0.01, balanceAmount: 0.01 });
  });

  it('changes the limits of a Blocked card, which stays Blocked', async () => {
    const { cardId } = await applyShareCard(p, c);
    await sbPostOk(p, c, 'block', { cardId });
    await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '5', maxCreditAmount: '50' });
    expect(await shareCard(p, c, cardId)).toMatchObject({ status: 'Blocked', maxAuthAmount: 5, maxCreditAmount: 50 });
  });

  describe('with credit already used (50.00 of 100)', () => {
    let cardId: string;
    beforeAll(async () => { cardId = (await applyShareCard(p, c, { maxCreditAmount: '100' })).cardId; });
    const used = (fn: () => Promise<void>) => withUsedCredit(p, cardId, 5000n, fn);

    it('balanceAmount is what is left of the limit when the funding account has more', () => used(async () => {
      expect(await shareCard(p, c, cardId)).toMatchObject({ usedCreditAmount: 50, maxCreditAmount: 100, balanceAmount: 50 });
    }));

    it('refuses maxCreditAmount below usedCreditAmount with CREDIT_LIMIT_BELOW_USED, in both languages, changing nothing', () => used(async () => {
      const before = await sbSnapshot(p, c, [cardId]);
      const body = { cardId, maxAuthAmount: '10', maxCreditAmount: '49.99', customerOrderNo: 'LMT-BELOW' };
      expectError(await sbPost(p, c, 'creditLimit', body), 400, 'CREDIT_LIMIT_BELOW_USED',
        `maxCreditAmount 49.99 USD is below the usedCreditAmount 50.00 USD of card '${cardId}'`);
      expectError(await sbPost(p, c, 'creditLimit', body, { 'accept-language': 'zh-CN' }), 400, 'CREDIT_LIMIT_BELOW_USED',
        `总额度上限 maxCreditAmount 49.99 USD 低于卡 '${cardId}' 的已消费额度 usedCreditAmount 50.00 USD`);
      expect(await sbSnapshot(p, c, [cardId])).toEqual(before);
      expect(await pendingColumns(cardId)).toEqual({ pending_op: null, pending_max_auth_minor: null, pending_max_credit_minor: null });
    }));

    it.each([
      ['exactly usedCreditAmount', '50', 50, 0],
      ['unlimited', '', null, 'funding'],
      ['above it', '80', 80, 30],
    ] as const)('accepts maxCreditAmount %s', (_, maxCreditAmount, shown, balance) => used(async () => {
      const order = await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '10', maxCreditAmount });
      expect(order.maxCreditAmount).toBe(shown);
      expect(await shareCard(p, c, cardId)).toMatchObject({
        usedCreditAmount: 50, maxCreditAmount: shown, balanceAmount: balance === 'funding' ? (await funding(p, c)).amount : balance,
      });
    }));

    it('the refused customerOrderNo stays free for a request that can be accepted', async () => {
      await used(async () => {
        expectError(await sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '10', maxCreditAmount: '1', customerOrderNo: 'LMT-LATER' }), 400, 'CREDIT_LIMIT_BELOW_USED');
      });
      await sbPostOk(p, c, 'creditLimit', { cardId, maxAuthAmount: '10', maxCreditAmount: '1', customerOrderNo: 'LMT-LATER' });
      expect(await shareCard(p, c, cardId)).toMatchObject({ usedCreditAmount: 0, maxCreditAmount: 1, balanceAmount: 1 });
    });
  });

  it('parks the new limits on the card while the channel works, and blocks other card orders meanwhile', async () => {
    const { cardId } = await applyShareCard(p, c);
    const arrived = channel.hold('setLimits');
    const inFlight = sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '7', maxCreditAmount: '' });
    await arrived;
    expect(await pendingColumns(cardId)).toEqual({ pending_op: 'CreditLimit', pending_max_auth_minor: 700n, pending_max_credit_minor: null });
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxAuthAmount: 500, maxCreditAmount: 1000 });
    for (const endpoint of ['block', 'cancel', 'creditLimit'] as const) {
      const body = endpoint === 'creditLimit' ? { cardId, maxAuthAmount: '8' } : { cardId };
      expectError(await sbPost(p, c, endpoint, body), 409, 'CARD_OPERATION_PENDING', `has an order in progress (CreditLimit)`);
    }
    channel.release();
    const done = await inFlight;
    expect(done.json.data).toMatchObject({ status: 'Completed', maxAuthAmount: 7, maxCreditAmount: null });
    expect(await pendingColumns(cardId)).toEqual({ pending_op: null, pending_max_auth_minor: null, pending_max_credit_minor: null });
    expect(await shareCard(p, c, cardId)).toMatchObject({ status: 'Active', maxAuthAmount: 7, maxCreditAmount: null });
  });

  it('applies the stricter of the current and the requested limits to authorizations while the change is in flight', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '500', maxCreditAmount: '1000' });
    const arrived = channel.hold('setLimits');
    const lowering = sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '50', maxCreditAmount: '100' });
    await arrived;
    const authorize = async (amount: string) => (await p.api('POST', '/v1/simulate/authorize', { token: c.token, body: { cardId, amount } })).json.data;
    expect((await authorize('50.01')).declineReason).toBe('EXCEEDS_MAX_AUTH_AMOUNT');
    expect((await authorize('50')).status).toBe('Pending');
    expect((await authorize('50')).status).toBe('Pending');
    expect((await authorize('0.01')).declineReason).toBe('EXCEEDS_CREDIT_LIMIT');
    // The card still shows its current limits, and spends only what the binding one leaves.
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxCreditAmount: 1000, usedCreditAmount: 100, balanceAmount: 0 });
    channel.release();
    expect((await lowering).json.data.status).toBe('Completed');
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxAuthAmount: 50, maxCreditAmount: 100, usedCreditAmount: 100, balanceAmount: 0 });

    const raising = channel.hold('setLimits');
    const raise = sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '80', maxCreditAmount: '' });
    await raising;
    // Looser limits wait for the issuer: until then the old ones bind.
    expect((await authorize('60')).declineReason).toBe('EXCEEDS_MAX_AUTH_AMOUNT');
    channel.release();
    expect((await raise).json.data.status).toBe('Completed');
    expect((await authorize('60')).status).toBe('Pending');
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxCreditAmount: null, usedCreditAmount: 160 });
  });

  it('waits for a block in flight: CARD_OPERATION_PENDING naming it', async () => {
    const { cardId } = await applyShareCard(p, c);
    const arrived = channel.hold('block');
    const blocking = sbPost(p, c, 'block', { cardId });
    await arrived;
    expectError(await sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '1' }), 409, 'CARD_OPERATION_PENDING', '(CardBlock)');
    channel.release();
    expect((await blocking).json.data.status).toBe('Completed');
    expect(await shareCard(p, c, cardId)).toMatchObject({ status: 'Blocked', maxAuthAmount: 500, maxCreditAmount: 1000 });
  });

  it('refuses a cancelled card with CARD_CANCELLED', async () => {
    const { cardId } = await applyShareCard(p, c);
    await sbPostOk(p, c, 'cancel', { cardId });
    const before = await sbSnapshot(p, c, [cardId]);
    expectError(await sbPost(p, c, 'creditLimit', { cardId, maxAuthAmount: '1' }), 400, 'CARD_CANCELLED', `Card '${cardId}' is cancelled`);
    expect(await sbSnapshot(p, c, [cardId])).toEqual(before);
  });
});
