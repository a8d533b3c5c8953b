import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding, orderCount, post, postOk, snapshot, usd } from '../../../../../test/standard-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/standard/withdraw', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
    // A percent withdraw fee, to check the "all the balance allows" arithmetic where rounding matters.
    const created = await p.admin('POST', '/products', {
      productCode: 'PCTW', productName: 'Percent withdraw fee', cardModels: ['Standard'], cardCurrency: ['USD'], binRange: '400000',
      fees: { CARD_WITHDRAW: { chargeMethodType: 'Percent', percent: '0.01' } },
    });
    expect(created.statusCode, created.body).toBe(200);
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('moves withdrawAmount to the funding account; the card pays it plus the fixed fee of 1', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100'); // funding 893.50
    const response = await post(p, c, 'withdraw', { cardId, withdrawAmount: 50.0, customerOrderNo: 'WTD-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/), cardId,
      withdrawAmount: 50, withdrawFee: 1, totalAmount: 51,
      status: 'Completed', failureReason: '', orderType: 'CardWithdraw',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'WTD-1',
    });
    expect((await card(p, c, cardId)).balanceAmount).toBe(49);
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 943.5, ledgerAmount: 943.5, heldAmount: 0 });
  });

  it.each([
    ['absent', {}],
    ['null', { withdrawAmount: null }],
    ['an empty string', { withdrawAmount: '' }],
  ])('withdraws all the balance allows after the fee when withdrawAmount is %s', async (_, extra) => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100');
    const order = await postOk(p, c, 'withdraw', { cardId, ...extra });
    expect(order).toMatchObject({ withdrawAmount: 99, withdrawFee: 1, totalAmount: 100 });
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
    expect((await funding(p, c)).amount).toBe(992.5);
  });

  it('withdraws the whole balance of a card whose product has no withdraw fee', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '12.34', { productCode: 'PROD002' });
    const order = await postOk(p, c, 'withdraw', { cardId });
    expect(order).toMatchObject({ withdrawAmount: 12.34, withdrawFee: 0, totalAmount: 12.34 });
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
  });

  // With a 1 % fee rounded half-up, the largest a with a + fee(a) ≤ balance.
  it.each([
    ['100.00', 9901, 99],  // 99.01 + 0.99 (0.9901) = 100.00
    ['10.00', 990, 10],    // 9.90 + 0.10 (0.099)
    ['1.00', 99, 1],       // 0.99 + 0.01 (0.0099)
    ['0.50', 49, 0],       // 0.49 + 0.00 (0.0049); 0.50 would cost 0.01 (0.005 rounds up)
  ])('withdraws the largest amount a 1 percent fee allows from %s', async (balance, amountCents, feeCents) => {
    const c = await p.customer({ USD: '200' });
    const { cardId } = await applyCard(p, c, balance, { productCode: 'PCTW' });
    const balanceCents = Math.round(Number(balance) * 100);
    // Recompute here, independently: the largest a whose half-up fee still fits.
    let expected = 0;
    for (let a = 1; a <= balanceCents; a++) if (a + Math.floor((a + 50) / 100) <= balanceCents) expected = a;
    const expectedFee = Math.floor((expected + 50) / 100);
    expect([expected, expectedFee]).toEqual([amountCents, feeCents]);
    const order = await postOk(p, c, 'withdraw', { cardId });
    expect(order).toMatchObject({ withdrawAmount: usd(expected), withdrawFee: usd(expectedFee), totalAmount: usd(expected + expectedFee) });
    expect((await card(p, c, cardId)).balanceAmount).toBe(usd(balanceCents - expected - expectedFee));
  });

  it('withdraws exactly the balance minus the fee when asked to', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100');
    await postOk(p, c, 'withdraw', { cardId, withdrawAmount: '99' });
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
  });

  describe('rejects, changing nothing,', () => {
    it.each([
      ['one cent more than the balance allows', { withdrawAmount: '99.01' }, 'INSUFFICIENT_CARD_BALANCE', 'insufficient for 100.01 USD'],
      ['more than the balance', { withdrawAmount: 500 }, 'INSUFFICIENT_CARD_BALANCE', '501.00 USD'],
    ])('%s', async (_, extra, code, message) => {
      const c = await p.customer({ USD: '1000' });
      const { cardId } = await applyCard(p, c, '100');
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'withdraw', { cardId, ...extra }), 400, code, message);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
      expect(await orderCount(p, c, 'CardWithdraw')).toBe(0);
    });

    it.each([
      ['exactly the fee', '1', false],
      ['nothing after a full withdrawal', '10', true],
    ])('a withdrawal of everything from a card holding %s', async (_, topUp, emptyFirst) => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, topUp);
      if (emptyFirst) await postOk(p, c, 'withdraw', { cardId });
      const before = await snapshot(p, c, [cardId]);
      // The smallest withdrawal costs 0.01 + the fee of 1.
      expectError(await post(p, c, 'withdraw', { cardId }), 400, 'INSUFFICIENT_CARD_BALANCE', 'insufficient for 1.01 USD');
      expect(await snapshot(p, c, [cardId])).toEqual(before);
    });

    it('a cancelled card', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'cancel', { cardId });
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'withdraw', { cardId, withdrawAmount: '1' }), 400, 'CARD_CANCELLED', cardId);
      expectError(await post(p, c, 'withdraw', { cardId }), 400, 'CARD_CANCELLED', cardId);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
    });
  });
});
