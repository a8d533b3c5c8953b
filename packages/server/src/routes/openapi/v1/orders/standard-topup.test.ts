import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding, orderCount, post, postOk, snapshot, usd } from '../../../../../test/standard-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/standard/topup', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('moves topUpAmount onto the card and charges topUpAmount + 1.5 % to the funding account', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId, order: applied } = await applyCard(p, c, '100');
    const response = await post(p, c, 'topup', { cardId, topUpAmount: 200.0, customerOrderNo: 'TOP-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      cardId,
      productInfo: applied.productInfo,
      totalTopUpAmount: 200, totalFee: 3, totalPayAmount: 203, totalCardCount: 1, totalCompletedCardCount: 1,
      orderLines: [{ orderLineNo: 1, topUpAmount: 200, quantity: 1, feeItems: [{ feeCode: 'CARD_TOPUP', feeName: 'Top-up fee', feeAmount: 3 }] }],
      status: 'Completed', payMessage: 'Paid', orderType: 'CardTopUp', failureReason: '',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), paidOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'TOP-1',
    });
    expect(response.json.data.orderNo).not.toBe(applied.orderNo);
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 690.5, ledgerAmount: 690.5, heldAmount: 0 });
    expect(await card(p, c, cardId)).toMatchObject({ balanceAmount: 300, status: 'Active' });
  });

  it('adds up several top-ups exactly', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '0.10');
    for (const amount of ['1.10', '2.20', 3.3]) await postOk(p, c, 'topup', { cardId, topUpAmount: amount });
    // 0.10 + 1.10 + 2.20 + 3.30 = 6.70; fees 5 + 0.00 + 0.02 + 0.03 + 0.05
    expect((await card(p, c, cardId)).balanceAmount).toBe(6.7);
    expect((await funding(p, c)).amount).toBe(usd(100_000 - 670 - 500 - 10));
  });

  it('accepts exactly the minimum of 1', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '10');
    const order = await postOk(p, c, 'topup', { cardId, topUpAmount: '1.00' });
    expect(order.totalFee).toBe(0.02); // 0.015 rounds half-up
    expect((await card(p, c, cardId)).balanceAmount).toBe(11);
    expect((await funding(p, c)).amount).toBe(usd(10_000 - 1515 - 102));
  });

  it('charges the fee schedule of the card\'s own product (PROD002: 1 %)', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '10', { productCode: 'PROD002' });
    const order = await postOk(p, c, 'topup', { cardId, topUpAmount: '50' });
    expect(order.totalFee).toBe(0.5);
    expect(order.productInfo).toMatchObject({ productCode: 'PROD002', productName: 'Multi-currency VISA card' });
  });

  it('spends the funding account down to exactly zero when it can', async () => {
    const c = await p.customer({ USD: '25.15' });
    const { cardId } = await applyCard(p, c, '10'); // 15.15
    await postOk(p, c, 'topup', { cardId, topUpAmount: '9.85' }); // 9.85 + 0.15 (0.14775)
    expect(await funding(p, c)).toMatchObject({ amount: 0, ledgerAmount: 0, heldAmount: 0 });
    expect((await card(p, c, cardId)).balanceAmount).toBe(19.85);
  });

  describe('rejects, changing nothing,', () => {
    it.each([
      ['less than the minimum of 1', '0.99', 400, 'AMOUNT_BELOW_MINIMUM', "'topUpAmount' must be at least 1 USD"],
      ['the smallest amount', '0.01', 400, 'AMOUNT_BELOW_MINIMUM', '1 USD'],
      ['more than the funding account holds', '100', 400, 'INSUFFICIENT_FUNDS', 'insufficient for 101.50 USD'],
      ['one cent more than the funding account holds', '74.71', 400, 'INSUFFICIENT_FUNDS', '75.83 USD'],
    ])('%s', async (_, topUpAmount, status, code, message) => {
      const c = await p.customer({ USD: '90.97' });
      const { cardId } = await applyCard(p, c, '10'); // leaves 75.82
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'topup', { cardId, topUpAmount }), status, code, message);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
      expect(await orderCount(p, c, 'CardTopUp')).toBe(0);
    });

    it('below the minimum with the Chinese message', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      const response = await post(p, c, 'topup', { cardId, topUpAmount: 0.5 }, { 'accept-language': 'zh-CN' });
      expectError(response, 400, 'AMOUNT_BELOW_MINIMUM', "'topUpAmount' 不能小于 1 USD");
    });

    it('a cancelled card', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'cancel', { cardId });
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'topup', { cardId, topUpAmount: '10' }), 400, 'CARD_CANCELLED', cardId);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
    });
  });
});
