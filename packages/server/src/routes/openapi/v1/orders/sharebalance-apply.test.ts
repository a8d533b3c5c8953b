import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { card, expectError, funding, luhnValid } from '../../../../../test/standard-kit.ts';
import { applyShareCard, sbOrderCount, sbPost, sbPostOk, sbSnapshot } from '../../../../../test/share-balance-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/sharebalance/apply', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
    for (const product of [
      { productCode: 'SBPCT', productName: 'Percent open fee', fees: { SHARE_BALANCE_OPEN: { chargeMethodType: 'Percent', percent: '0.02' } } },
      { productCode: 'SBFREE', productName: 'No open fee', fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '5' } } },
    ]) {
      const created = await p.admin('POST', '/products', { ...product, cardModels: ['ShareBalance'], cardCurrency: ['USD'], binRange: '400002' });
      expect(created.statusCode, created.body).toBe(200);
    }
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('opens an Active card, pays only the open fee and answers a Completed order with every documented field', async () => {
    const c = await p.customer({ USD: '1000' });
    const response = await sbPost(p, c, 'apply', {
      productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: 500.0, maxCreditAmount: 10000.0, cardAlias: '共享卡', customerOrderNo: 'SB-ALL-FIELDS',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    const order = response.json.data;
    const cardId = order.cardInfos[0]?.cardId;
    const details = await card(p, c, cardId);
    expect(order).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      productInfo: { productCode: 'PROD001', productName: 'USD/EUR virtual card', cardModel: 'ShareBalance', cardCurrency: 'USD' },
      quantity: 1, maxAuthAmount: 500, maxCreditAmount: 10000,
      // Nothing is loaded onto the card; the SHARE_BALANCE_OPEN fee (3) is all that is paid, not CARD_ISSUE (5).
      totalAmount: 3, transAmount: 0, transFee: 3, openedQty: 1,
      cardInfos: [{
        cardId: expect.stringMatching(/^CARD\w+$/), productCode: 'PROD001', productName: 'USD/EUR virtual card', cardCurrency: 'USD',
        maskCardNumber: `${details.cardNumber.slice(0, 6)}***${details.cardNumber.slice(-4)}`, cardModel: 'ShareBalance',
      }],
      note: '', status: 'Completed', orderType: 'ApplyCard', failureReason: '',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'SB-ALL-FIELDS',
    });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 997, ledgerAmount: 997, heldAmount: 0 });
    expect(details).toMatchObject({
      cardId, cardModel: 'ShareBalance', productCode: 'PROD001', cardCurrency: 'USD', alias: '共享卡', status: 'Active',
      maxAuthAmount: 500, usedCreditAmount: 0, maxCreditAmount: 10000, balanceAmount: 997, cardOrganization: 'Mastercard',
    });
    expect(details.cardNumber).toMatch(/^522981\d{10}$/);
    expect(luhnValid(details.cardNumber)).toBe(true);
    expect(Date.parse(details.applyTime)).toBeGreaterThanOrEqual(Date.parse(order.createdOn));

    // No ledger account of its own: the card spends from the funding account.
    const row = await p.store.db.selectFrom('cards').select(['account_id', 'max_auth_minor', 'max_credit_minor', 'used_credit_minor'])
      .where('id', '=', cardId).executeTakeFirstOrThrow();
    expect(row).toEqual({ account_id: null, max_auth_minor: 50000n, max_credit_minor: 1000000n, used_credit_minor: 0n });
    expect(await p.store.db.selectFrom('ledger_accounts').select('id').where('card_id', '=', cardId).execute()).toEqual([]);
    // The fee moved as one balanced entry: funding −3, fee revenue +3.
    const { rows } = await sql<{ kind: string; amount_minor: bigint; fee_code: string }>`
      SELECT a.kind, p.amount_minor, p.fee_code FROM journal_entries e JOIN postings p ON p.entry_id = e.id
      JOIN ledger_accounts a ON a.id = p.account_id WHERE e.order_no = ${order.orderNo} ORDER BY p.id`.execute(p.store.db);
    expect(rows.map((r) => ({ ...r, amount_minor: BigInt(r.amount_minor) }))).toEqual([
      { kind: 'funding', amount_minor: -300n, fee_code: 'SHARE_BALANCE_OPEN' },
      { kind: 'fee_revenue', amount_minor: 300n, fee_code: 'SHARE_BALANCE_OPEN' },
    ]);
  });

  it.each([
    ['absent', {}],
    ['null', { maxCreditAmount: null }],
    ['"" (the quick start\'s spelling)', { maxCreditAmount: '' }],
  ])('maxCreditAmount %s means unlimited: null in the order and on the card', async (_, extra) => {
    const c = await p.customer({ USD: '250' });
    const order = await sbPostOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '10', ...extra });
    expect(order).toMatchObject({ maxAuthAmount: 10, maxCreditAmount: null, totalAmount: 3 });
    // Unlimited: the card can spend whatever the funding account has available.
    expect(await card(p, c, order.cardInfos[0].cardId)).toMatchObject({ maxAuthAmount: 10, maxCreditAmount: null, usedCreditAmount: 0, balanceAmount: 247 });
  });

  it.each([
    [100, 100], ['100.5', 100.5], ['0.01', 0.01], [9999999999.99, 9999999999.99], ['0100', 100],
  ])('accepts maxCreditAmount %j as %d and caps balanceAmount with it', async (input, expected) => {
    const c = await p.customer({ USD: '250' });
    const { cardId, order } = await applyShareCard(p, c, { maxCreditAmount: input });
    expect(order.maxCreditAmount).toBe(expected);
    expect((await card(p, c, cardId)).balanceAmount).toBe(Math.min(expected, 247));
  });

  it('answers in Chinese when Accept-Language prefers zh', async () => {
    const c = await p.customer({ USD: '10' });
    const response = await sbPost(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '1' }, { 'accept-language': 'zh-CN' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.errorMessage).toBe('操作成功');
  });

  it('pays a EUR card\'s fee from the EUR funding account and leaves USD alone', async () => {
    const c = await p.customer({ USD: '50', EUR: '20' });
    const { cardId, order } = await applyShareCard(p, c, { cardCurrency: 'EUR', maxCreditAmount: '5' });
    expect(order).toMatchObject({ productInfo: { cardCurrency: 'EUR' }, transFee: 3 });
    expect(await funding(p, c, 'EUR')).toMatchObject({ amount: 17, ledgerAmount: 17, heldAmount: 0 });
    expect(await funding(p, c, 'USD')).toMatchObject({ amount: 50, ledgerAmount: 50, heldAmount: 0 });
    expect(await card(p, c, cardId)).toMatchObject({ cardCurrency: 'EUR', balanceAmount: 5 });
  });

  it.each([
    ['a Percent open fee (of the 0 loaded)', 'SBPCT'],
    ['no open fee, though the product has a CARD_ISSUE fee', 'SBFREE'],
  ])('charges nothing for %s, even with an empty funding account', async (_, productCode) => {
    const c = await p.customer();
    const order = await sbPostOk(p, c, 'apply', { productCode, cardCurrency: 'USD', maxAuthAmount: '10' });
    expect(order).toMatchObject({ totalAmount: 0, transAmount: 0, transFee: 0, openedQty: 1 });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 0, ledgerAmount: 0, heldAmount: 0 });
    const entries = await p.store.db.selectFrom('journal_entries').select('id').where('order_no', '=', order.orderNo).execute();
    expect(entries).toEqual([]);
  });

  it('spends the funding account down to exactly zero', async () => {
    const c = await p.customer({ USD: '3' });
    const { cardId } = await applyShareCard(p, c);
    expect(await funding(p, c)).toMatchObject({ amount: 0, ledgerAmount: 0, heldAmount: 0 });
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
  });

  describe('rejects, changing nothing,', () => {
    it.each([
      ['an unknown product', { productCode: 'NOPE' }, 404, 'PRODUCT_NOT_FOUND', "Product 'NOPE' does not exist"],
      ['a product without ShareBalance cards', { productCode: 'PROD002' }, 400, 'CARD_MODEL_NOT_SUPPORTED', "Product 'PROD002' does not offer ShareBalance cards"],
      ['a currency the product does not offer', { cardCurrency: 'GBP' }, 400, 'UNSUPPORTED_CURRENCY', "Currency 'GBP'"],
      ['a currency that does not exist', { cardCurrency: 'XYZ' }, 400, 'UNSUPPORTED_CURRENCY', "'XYZ'"],
      ['an open fee one cent more than the funding account holds', {}, 400, 'INSUFFICIENT_FUNDS', 'insufficient for 3.00 USD'],
    ])('%s', async (_, extra, status, code, message) => {
      const c = await p.customer({ USD: '2.99', GBP: '100' });
      const before = await sbSnapshot(p, c);
      expectError(await sbPost(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '10', ...extra }), status, code, message);
      expect(await sbSnapshot(p, c)).toEqual(before);
      expect(await sbOrderCount(p, c)).toBe(0);
      expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 2.99, ledgerAmount: 2.99, heldAmount: 0 });
    });
  });
});
