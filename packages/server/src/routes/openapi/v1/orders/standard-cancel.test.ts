import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding, orderCount, post, postOk, snapshot, validBody, type OrderEndpoint } from '../../../../../test/standard-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/standard/cancel', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
    const created = await p.admin('POST', '/products', {
      productCode: 'PCTC', productName: 'Percent cancel fee', cardModels: ['Standard'], cardCurrency: ['USD'], binRange: '400001',
      fees: { CARD_CANCEL: { chargeMethodType: 'Percent', percent: '0.015' } },
    });
    expect(created.statusCode, created.body).toBe(200);
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('returns the balance minus the fee of 2 to the funding account and leaves the card Cancel', async () => {
    const c = await p.customer({ USD: '1000' });
    const { cardId, order: applied } = await applyCard(p, c, '100'); // funding 893.50
    const response = await post(p, c, 'cancel', { cardId, customerOrderNo: 'CNL-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      cardInfo: applied.cardInfos[0],
      fee: 2, chargeMethodType: 'Fixed', fixedValue: 2, percent: 0, settleAmount: 98,
      note: '', status: 'Completed', settleStatus: 'Settled', orderType: 'CardCancel', failureReason: '',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'CNL-1',
    });
    expect(await card(p, c, cardId)).toMatchObject({ status: 'Cancel', balanceAmount: 0 });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 991.5, ledgerAmount: 991.5, heldAmount: 0 });
  });

  it('cancels a Blocked card too', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '10');
    await postOk(p, c, 'block', { cardId });
    const order = await postOk(p, c, 'cancel', { cardId });
    expect(order.settleAmount).toBe(8);
    expect((await card(p, c, cardId)).status).toBe('Cancel');
  });

  it.each([
    ['less than the fee: the fee takes it all', '1.50', 1.5, 0],
    ['nothing: no fee, nothing to settle', '0', 0, 0],
  ])('cancels a card holding %s', async (_, balance, fee, settle) => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, balance === '0' ? '10' : balance);
    if (balance === '0') await postOk(p, c, 'withdraw', { cardId }); // everything: 9 + the fee of 1
    expect((await card(p, c, cardId)).balanceAmount).toBe(Number(balance));
    const fundingBefore = (await funding(p, c)).amount;
    const order = await postOk(p, c, 'cancel', { cardId });
    expect(order).toMatchObject({ fee, settleAmount: settle });
    expect((await funding(p, c)).amount).toBe(fundingBefore);
    expect(await card(p, c, cardId)).toMatchObject({ status: 'Cancel', balanceAmount: 0 });
  });

  it('charges a percent cancel fee on the remaining balance, half-up, and reports the schedule', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '33.30', { productCode: 'PCTC' });
    const order = await postOk(p, c, 'cancel', { cardId });
    // 1.5 % of 33.30 = 0.4995 → 0.50
    expect(order).toMatchObject({ fee: 0.5, chargeMethodType: 'Percent', fixedValue: 0, percent: 0.015, settleAmount: 32.8 });
    expect((await funding(p, c)).amount).toBe(99.5);
  });

  it('settles everything from a product without a cancel fee', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '20', { productCode: 'PROD002' });
    const order = await postOk(p, c, 'cancel', { cardId });
    expect(order).toMatchObject({ fee: 0, chargeMethodType: null, fixedValue: 0, percent: 0, settleAmount: 20 });
  });

  describe('after a cancel nothing works (CARD_CANCELLED) and nothing changes:', () => {
    it.each(['topup', 'withdraw', 'block', 'unblock', 'cancel'] as OrderEndpoint[])('%s', async (endpoint) => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'cancel', { cardId });
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, endpoint, validBody(endpoint, cardId)), 400, 'CARD_CANCELLED', `Card '${cardId}' is cancelled`);
      const zh = await post(p, c, endpoint, validBody(endpoint, cardId), { 'accept-language': 'zh-CN' });
      expectError(zh, 400, 'CARD_CANCELLED', `卡 '${cardId}' 已注销，不能再进行任何操作`);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
      expect(await orderCount(p, c, 'CardCancel')).toBe(1);
    });
  });
});
