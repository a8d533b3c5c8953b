import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { expectError, funding } from '../../../../../test/standard-kit.ts';
import {
  applyShareCard, sbBody, sbOrderCount, sbPost, sbPostOk, sbSnapshot, shareCard, withUsedCredit, type SbEndpoint,
} from '../../../../../test/share-balance-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/sharebalance/cancel', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
    for (const product of [
      { productCode: 'SBPCTC', productName: 'Percent cancel fee', fees: { CARD_CANCEL: { chargeMethodType: 'Percent', percent: '0.015' } } },
      { productCode: 'SBNOFEE', productName: 'No fees', fees: {} },
    ]) {
      const created = await p.admin('POST', '/products', { ...product, cardModels: ['ShareBalance'], cardCurrency: ['USD'], binRange: '400003' });
      expect(created.statusCode, created.body).toBe(200);
    }
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('pays the cancel fee of 2 from the funding account, leaves the card Cancel, and answers every documented field', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId, order: applied } = await applyShareCard(p, c); // funding 97
    const response = await sbPost(p, c, 'cancel', { cardId, customerOrderNo: 'SB-CNL-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    const order = response.json.data;
    expect(order).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      cardInfo: applied.cardInfos[0],
      fee: 2, chargeMethodType: 'Fixed', fixedValue: 2, percent: 0,
      note: '', status: 'Completed', orderType: 'CardCancel', settleStatus: 'Settled', failureReason: '',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'SB-CNL-1',
    });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 95, ledgerAmount: 95, heldAmount: 0 });
    // Cancelled: it can never spend again, whatever the funding account holds.
    expect(await shareCard(p, c, cardId)).toEqual({ status: 'Cancel', balanceAmount: 0, maxAuthAmount: 500, maxCreditAmount: 1000, usedCreditAmount: 0 });
    const { rows } = await sql<{ kind: string; amount_minor: bigint; fee_code: string }>`
      SELECT a.kind, p.amount_minor, p.fee_code FROM journal_entries e JOIN postings p ON p.entry_id = e.id
      JOIN ledger_accounts a ON a.id = p.account_id WHERE e.order_no = ${order.orderNo} ORDER BY p.id`.execute(p.store.db);
    expect(rows.map((r) => ({ ...r, amount_minor: BigInt(r.amount_minor) }))).toEqual([
      { kind: 'funding', amount_minor: -200n, fee_code: 'CARD_CANCEL' },
      { kind: 'fee_revenue', amount_minor: 200n, fee_code: 'CARD_CANCEL' },
    ]);
  });

  it('cancels a Blocked card too', async () => {
    const c = await p.customer({ USD: '10' });
    const { cardId } = await applyShareCard(p, c);
    await sbPostOk(p, c, 'block', { cardId });
    expect(await sbPostOk(p, c, 'cancel', { cardId })).toMatchObject({ fee: 2, settleStatus: 'Settled' });
    expect((await shareCard(p, c, cardId)).status).toBe('Cancel');
    expect((await funding(p, c)).amount).toBe(5);
  });

  it('cancels a card that has used credit: what it spent stays spent', async () => {
    const c = await p.customer({ USD: '10' });
    const { cardId } = await applyShareCard(p, c);
    await withUsedCredit(p, cardId, 4000n, async () => {
      await sbPostOk(p, c, 'cancel', { cardId });
      expect(await shareCard(p, c, cardId)).toMatchObject({ status: 'Cancel', usedCreditAmount: 40, balanceAmount: 0 });
    });
  });

  it.each([
    ['a Percent cancel fee: of a balance of 0, so 0', 'SBPCTC', { fee: 0, chargeMethodType: 'Percent', fixedValue: 0, percent: 0.015 }],
    ['no cancel fee', 'SBNOFEE', { fee: 0, chargeMethodType: null, fixedValue: 0, percent: 0 }],
  ])('charges nothing for %s, even from an empty funding account', async (_, productCode, fields) => {
    const c = await p.customer();
    const { cardId } = await applyShareCard(p, c, { productCode });
    const order = await sbPostOk(p, c, 'cancel', { cardId });
    expect(order).toMatchObject({ ...fields, settleStatus: 'Settled' });
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 0, ledgerAmount: 0, heldAmount: 0 });
    expect((await shareCard(p, c, cardId)).status).toBe('Cancel');
  });

  it('refuses when the funding account cannot pay the fee (INSUFFICIENT_FUNDS), changing nothing', async () => {
    const c = await p.customer({ USD: '4.99' });
    const { cardId } = await applyShareCard(p, c); // 1.99 left
    const before = await sbSnapshot(p, c, [cardId]);
    expectError(await sbPost(p, c, 'cancel', { cardId, customerOrderNo: 'SB-CNL-POOR' }), 400, 'INSUFFICIENT_FUNDS', 'insufficient for 2.00 USD');
    expect(await sbSnapshot(p, c, [cardId])).toEqual(before);
    // Funded, the same customerOrderNo goes through.
    expect((await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '0.01', reference: `dep-${cardId}` })).statusCode).toBe(200);
    await sbPostOk(p, c, 'cancel', { cardId, customerOrderNo: 'SB-CNL-POOR' });
    expect(await funding(p, c)).toMatchObject({ amount: 0, heldAmount: 0 });
  });

  it('a cancelled card is CARD_CANCELLED, not INSUFFICIENT_FUNDS, when the account is empty too', async () => {
    const c = await p.customer({ USD: '5' });
    const { cardId } = await applyShareCard(p, c);
    await sbPostOk(p, c, 'cancel', { cardId }); // 3 + 2: the account is empty
    expectError(await sbPost(p, c, 'cancel', { cardId }), 400, 'CARD_CANCELLED', `Card '${cardId}' is cancelled`);
  });

  describe('after a cancel nothing works (CARD_CANCELLED) and nothing changes:', () => {
    it.each(['creditLimit', 'block', 'unblock', 'cancel'] as SbEndpoint[])('%s', async (endpoint) => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyShareCard(p, c);
      await sbPostOk(p, c, 'cancel', { cardId });
      const before = await sbSnapshot(p, c, [cardId]);
      expectError(await sbPost(p, c, endpoint, sbBody(endpoint, cardId)), 400, 'CARD_CANCELLED', `Card '${cardId}' is cancelled`);
      const zh = await sbPost(p, c, endpoint, sbBody(endpoint, cardId), { 'accept-language': 'zh-CN' });
      expectError(zh, 400, 'CARD_CANCELLED', `卡 '${cardId}' 已注销，不能再进行任何操作`);
      expect(await sbSnapshot(p, c, [cardId])).toEqual(before);
      expect(await sbOrderCount(p, c, 'CardCancel')).toBe(1);
    });
  });
});
