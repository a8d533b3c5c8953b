import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding, luhnValid, orderCount, post, postOk, snapshot, usd } from '../../../../../test/standard-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/standard/apply', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('opens an Active card and answers a Completed order with every documented field', async () => {
    const c = await p.customer({ USD: '1000' });
    const before = Date.now();
    const response = await post(p, c, 'apply', {
      productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 100.0, cardAlias: '我的美元卡', customerOrderNo: 'APPLY-ALL-FIELDS',
    });
    const after = Date.now();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    const order = response.json.data;
    const cardId = order.cardInfos[0]?.cardId;
    const details = await card(p, c, cardId);

    expect(order).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      productInfo: { productCode: 'PROD001', productName: 'USD/EUR virtual card', cardModel: 'Standard', cardCurrency: 'USD' },
      totalTopUpAmount: 100, totalFee: 6.5, totalPayAmount: 106.5, totalCardCount: 1, totalOpened: 1,
      orderLines: [{
        orderLineNo: 1, topUpAmount: 100, quantity: 1,
        feeItems: [
          { feeCode: 'CARD_ISSUE', feeName: 'Card issue fee', feeAmount: 5 },
          { feeCode: 'CARD_TOPUP', feeName: 'Top-up fee', feeAmount: 1.5 },
        ],
      }],
      cardInfos: [{
        cardId: expect.stringMatching(/^CARD\w+$/), productCode: 'PROD001', productName: 'USD/EUR virtual card', cardCurrency: 'USD',
        maskCardNumber: `${details.cardNumber.slice(0, 6)}***${details.cardNumber.slice(-4)}`, cardModel: 'Standard',
      }],
      status: 'Completed', payMessage: 'Paid', orderType: 'ApplyCard', failureReason: '',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), paidOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'APPLY-ALL-FIELDS',
    });
    const [created, paid, completed, modified] = [order.createdOn, order.paidOn, order.completedOn, order.modifiedOn].map(Date.parse) as number[];
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(created).toBeLessThanOrEqual(paid!);
    expect(paid).toBeLessThanOrEqual(completed!);
    expect(modified).toBe(completed);
    expect(completed).toBeLessThanOrEqual(after + 1000);

    // The funding account paid top-up + fees; nothing is left held.
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 893.5, ledgerAmount: 893.5, heldAmount: 0 });
    expect(details).toMatchObject({
      cardId, cardModel: 'Standard', productCode: 'PROD001', cardCurrency: 'USD', alias: '我的美元卡', balanceAmount: 100,
      status: 'Active', maxAuthAmount: null, usedCreditAmount: null, maxCreditAmount: null, cardOrganization: 'Mastercard',
    });
    expect(details.cardNumber).toMatch(/^522981\d{10}$/);
    expect(luhnValid(details.cardNumber)).toBe(true);
    expect(details.cvv).toMatch(/^\d{3}$/);
    expect(details.expirationMMYY).toMatch(/^(0[1-9]|1[0-2])\/\d{2}$/);
    // PROD001 cards are valid for 36 months.
    const year = new Date().getUTCFullYear() % 100;
    expect(Number(details.expirationMMYY.slice(3))).toBeGreaterThanOrEqual(year + 2);
    expect(Number(details.expirationMMYY.slice(3))).toBeLessThanOrEqual(year + 3);
    // The card row is written when the order completes: applyTime falls within the order's lifetime.
    expect(Date.parse(details.applyTime)).toBeGreaterThanOrEqual(created!);
    expect(Date.parse(details.applyTime)).toBeLessThanOrEqual(completed!);
  });

  it('answers in Chinese, fee names included, when Accept-Language prefers zh', async () => {
    const c = await p.customer({ USD: '100' });
    const response = await post(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.errorMessage).toBe('操作成功');
    expect(response.json.data.payMessage).toBe('支付成功');
    expect(response.json.data.orderLines[0].feeItems.map((f: { feeName: string }) => f.feeName)).toEqual(['开卡费', '充值手续费']);
  });

  // topUp → the CARD_TOPUP fee (1.5 %, half-up to the cent); the CARD_ISSUE fee is always 5.
  it.each([
    ['0.33', 0],      // 0.00495 rounds down
    ['0.34', 1],      // 0.0051 rounds up
    ['1', 2],         // 0.015 exactly half: up
    ['3', 5],         // 0.045 exactly half: up (half-even would give 0.04)
    ['100', 150],
    ['12345.67', 18519], // 185.18505
  ])('charges a 1.5 percent top-up fee rounded half-up: %s USD pays %i cents', async (amount, feeCents) => {
    const c = await p.customer({ USD: '20000' });
    const topUpCents = Math.round(Number(amount) * 100);
    const { cardId, order } = await applyCard(p, c, amount);
    expect(order.orderLines[0].feeItems).toEqual([
      { feeCode: 'CARD_ISSUE', feeName: 'Card issue fee', feeAmount: 5 },
      { feeCode: 'CARD_TOPUP', feeName: 'Top-up fee', feeAmount: usd(feeCents) },
    ]);
    expect(order.totalFee).toBe(usd(500 + feeCents));
    expect(order.totalPayAmount).toBe(usd(topUpCents + 500 + feeCents));
    expect((await funding(p, c)).amount).toBe(usd(2_000_000 - topUpCents - 500 - feeCents));
    expect((await card(p, c, cardId)).balanceAmount).toBe(usd(topUpCents));
  });

  it.each([
    [100, 100], [100.5, 100.5], ['100.50', 100.5], ['0100', 100], [0.01, 0.01], ['9999', 9999],
  ])('accepts topUpAmount %j (number or decimal string) as %d', async (input, expected) => {
    const c = await p.customer({ USD: '11000' });
    const { cardId, order } = await applyCard(p, c, input);
    expect(order.totalTopUpAmount).toBe(expected);
    expect((await card(p, c, cardId)).balanceAmount).toBe(expected);
  });

  it('pays a EUR card from the EUR funding account and leaves USD alone', async () => {
    const c = await p.customer({ USD: '50', EUR: '200' });
    const order = await postOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'EUR', topUpAmount: '20' });
    expect(order.productInfo.cardCurrency).toBe('EUR');
    expect(order.totalPayAmount).toBe(25.3);
    expect((await funding(p, c, 'EUR')).amount).toBe(174.7);
    expect(await funding(p, c, 'USD')).toMatchObject({ amount: 50, ledgerAmount: 50, heldAmount: 0 });
    expect((await card(p, c, order.cardInfos[0].cardId)).cardCurrency).toBe('EUR');
  });

  it('issues PROD002 cards from its own BIN with its own fees', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId, order } = await applyCard(p, c, '50', { productCode: 'PROD002' });
    expect(order.totalFee).toBe(2.5); // issue 2 + 1 % of 50
    const details = await card(p, c, cardId);
    expect(details.cardNumber).toMatch(/^485932\d{10}$/);
    expect(luhnValid(details.cardNumber)).toBe(true);
    expect(details.cardOrganization).toBe('VISA');
  });

  it('spends the funding account down to exactly zero when it can', async () => {
    const c = await p.customer({ USD: '100' });
    // 93.60 + 5 + 1.40 (1.404 rounded) = 100.00
    await applyCard(p, c, '93.60');
    expect(await funding(p, c)).toMatchObject({ amount: 0, ledgerAmount: 0, heldAmount: 0 });
  });

  describe('rejects, changing nothing,', () => {
    it.each([
      ['an unknown product', { productCode: 'NOPE', cardCurrency: 'USD', topUpAmount: '10' }, 404, 'PRODUCT_NOT_FOUND', "Product 'NOPE'"],
      ['a currency the product does not offer', { productCode: 'PROD001', cardCurrency: 'GBP', topUpAmount: '10' }, 400, 'UNSUPPORTED_CURRENCY', "'GBP'"],
      ['a currency that does not exist', { productCode: 'PROD001', cardCurrency: 'XYZ', topUpAmount: '10' }, 400, 'UNSUPPORTED_CURRENCY', "'XYZ'"],
      ['EUR on PROD002 (USD, GBP, HKD only)', { productCode: 'PROD002', cardCurrency: 'EUR', topUpAmount: '10' }, 400, 'UNSUPPORTED_CURRENCY', "'PROD002'"],
      ['more than the funding account holds', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '95' }, 400, 'INSUFFICIENT_FUNDS', '101.43 USD'],
      ['one cent more than the funding account holds', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '93.61' }, 400, 'INSUFFICIENT_FUNDS', '100.01 USD'],
    ])('%s', async (_, body, status, code, message) => {
      const c = await p.customer({ USD: '100', EUR: '100', GBP: '100' });
      const before = await snapshot(p, c);
      expectError(await post(p, c, 'apply', body), status, code, message);
      expect(await snapshot(p, c)).toEqual(before);
      expect(await orderCount(p, c)).toBe(0);
      expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 100, ledgerAmount: 100, heldAmount: 0 });
    });

    it('insufficient funds with the Chinese message', async () => {
      const c = await p.customer({ USD: '1' });
      const response = await post(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' }, { 'accept-language': 'zh-CN' });
      expectError(response, 400, 'INSUFFICIENT_FUNDS', 'USD 资金账户可用余额不足，需要 15.15 USD');
      expect(await orderCount(p, c)).toBe(0);
    });
  });
});
