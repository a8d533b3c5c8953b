import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding, postOk } from '../../../../../test/standard-kit.ts';
import { applyShareCard, sbPostOk } from '../../../../../test/share-balance-kit.ts';
import { authorize, simulate, transactions } from '../../../../../test/transactions-kit.ts';

describe('POST /v1/simulate/authorize', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '5000', EUR: '100' });
  });
  afterAll(async () => { await p.close(); });

  it('approves a Standard card purchase within its balance and holds it on the card', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const t = await authorize(p, c, cardId, '40.25', { reference: 'auth-std-1' });
    expect(t).toMatchObject({
      cardId, cardModel: 'Standard', transactionType: 'Authorization', status: 'Pending', amount: 40.25, currency: 'USD',
      billingAmount: 40.25, billingCurrency: 'USD', heldAmount: 40.25, merchantName: 'Test Shop', mcc: '5411', merchantCountry: 'US',
      declineReason: null, declineMessage: null, authorizationId: null, reference: 'auth-std-1', settlementTime: null,
    });
    expect(t.authCode).toMatch(/^\d{6}$/);
    expect(t.transactionId).toMatch(/^TXN\d{12}[0-9A-Z]{8}$/);
    expect(new Date(t.expiresAt).getTime() - new Date(t.transactionTime).getTime()).toBe(7 * 86_400_000);
    expect((await card(p, c, cardId)).balanceAmount).toBe(59.75);
    await p.expectLedgerClean();
  });

  it('approves up to the exact available balance and declines one minor unit more (Standard)', async () => {
    const { cardId } = await applyCard(p, c, '50');
    expect((await authorize(p, c, cardId, '50.01')).declineReason).toBe('INSUFFICIENT_FUNDS');
    expect((await authorize(p, c, cardId, '50')).status).toBe('Pending');
    expect((await authorize(p, c, cardId, '0.01')).declineReason).toBe('INSUFFICIENT_FUNDS');
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
    await p.expectLedgerClean();
  });

  it('holds a ShareBalance purchase on the funding account and counts it as used credit', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '250' });
    const before = await funding(p, c);
    const t = await authorize(p, c, cardId, '100');
    expect(t).toMatchObject({ status: 'Pending', cardModel: 'ShareBalance', heldAmount: 100 });
    const after = await funding(p, c);
    expect(after.heldAmount).toBeCloseTo(before.heldAmount + 100, 2);
    expect(after.amount).toBeCloseTo(before.amount - 100, 2);
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 100, maxCreditAmount: 250, balanceAmount: 150 });
    await p.expectLedgerClean();
  });

  it('applies maxAuthAmount and maxCreditAmount exactly at the edge and one minor unit over', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '60', maxCreditAmount: '100' });
    expect((await authorize(p, c, cardId, '60.01')).declineReason).toBe('EXCEEDS_MAX_AUTH_AMOUNT');
    expect((await authorize(p, c, cardId, '60')).status).toBe('Pending');
    expect((await authorize(p, c, cardId, '40.01')).declineReason).toBe('EXCEEDS_CREDIT_LIMIT');
    expect((await authorize(p, c, cardId, '40')).status).toBe('Pending');
    expect((await authorize(p, c, cardId, '0.01')).declineReason).toBe('EXCEEDS_CREDIT_LIMIT');
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 100, balanceAmount: 0 });
    await p.expectLedgerClean();
  });

  it('lets an unlimited ShareBalance card spend the funding account to exactly zero, not one minor unit more', async () => {
    const poor = await p.customer({ USD: '100' });
    const { cardId } = await applyShareCard(p, poor, { maxAuthAmount: '1000', maxCreditAmount: null });
    const available = (await funding(p, poor)).amount; // 100 minus the open fee
    expect((await authorize(p, poor, cardId, (available + 0.01).toFixed(2))).declineReason).toBe('INSUFFICIENT_FUNDS');
    expect((await authorize(p, poor, cardId, available.toFixed(2))).status).toBe('Pending');
    expect(await funding(p, poor)).toMatchObject({ amount: 0 });
    expect((await card(p, poor, cardId)).maxCreditAmount).toBeNull();
    await p.expectLedgerClean();
  });

  it('declines with a stable reason and its message in the caller\'s language, holding nothing', async () => {
    const std = await applyCard(p, c, '100');
    const mismatch = await authorize(p, c, std.cardId, '5', { currency: 'EUR' });
    expect(mismatch).toMatchObject({ status: 'Declined', declineReason: 'CURRENCY_MISMATCH', heldAmount: 0, authCode: null, expiresAt: null, currency: 'EUR' });
    const zh = await p.api('POST', '/v1/simulate/authorize', { token: c.token, body: { cardId: std.cardId, amount: 5, currency: 'EUR' }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.json.data.declineMessage).toBe('交易币种与卡币种不一致');

    await postOk(p, c, 'block', { cardId: std.cardId });
    expect((await authorize(p, c, std.cardId, '1')).declineReason).toBe('CARD_BLOCKED');
    await postOk(p, c, 'unblock', { cardId: std.cardId });

    await p.store.query(`UPDATE cards SET pending_op = 'CardCancel' WHERE id = $1`, [std.cardId]);
    expect((await authorize(p, c, std.cardId, '1')).declineReason).toBe('CARD_NOT_ACTIVE');
    await p.store.query(`UPDATE cards SET pending_op = NULL WHERE id = $1`, [std.cardId]);

    await p.store.query(`UPDATE cards SET expires_at = current_date - 1 WHERE id = $1`, [std.cardId]);
    expect((await authorize(p, c, std.cardId, '1')).declineReason).toBe('CARD_EXPIRED');
    await p.store.query(`UPDATE cards SET expires_at = current_date WHERE id = $1`, [std.cardId]);
    expect((await authorize(p, c, std.cardId, '1')).status).toBe('Pending');

    await postOk(p, c, 'cancel', { cardId: std.cardId });
    expect((await authorize(p, c, std.cardId, '1')).declineReason).toBe('CARD_CANCELLED');

    const sb = await applyShareCard(p, c);
    await sbPostOk(p, c, 'block', { cardId: sb.cardId });
    expect((await authorize(p, c, sb.cardId, '1')).declineReason).toBe('CARD_BLOCKED');

    const declined = await transactions(p, c, { Status: 'Declined' });
    expect(declined.data.every((t: any) => t.heldAmount === 0 && t.declineReason && t.declineMessage)).toBe(true);
    await p.expectLedgerClean();
  });

  it('declines for a disabled customer when the network asks (the production path, without an API token)', async () => {
    const other = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, other, '50');
    expect((await p.admin('POST', `/customers/${other.customerId}/disable`)).statusCode).toBe(200);
    const { transaction } = await p.app.ctx.transactions.authorize(other.customerId, { cardId, amount: '10' });
    expect(transaction).toMatchObject({ status: 'Declined', declineReason: 'CUSTOMER_DISABLED', heldMinor: 0n });
    await p.expectLedgerClean();
  });

  it('answers the same reference with the same transaction, and a reused reference with 409', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const body = { cardId, amount: '10', reference: 'net-ref-1', merchantName: 'Cafe' };
    const first = await simulate(p, c, 'authorize', body);
    const again = await simulate(p, c, 'authorize', { ...body, amount: 10 });
    expect(again.json.data).toEqual(first.json.data);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expectError(await simulate(p, c, 'authorize', { ...body, amount: '11' }), 409, 'REFERENCE_CONFLICT');
    expect((await card(p, c, cardId)).balanceAmount).toBe(90);
    const parallel = await Promise.all(Array.from({ length: 10 }, () => simulate(p, c, 'authorize', { ...body, reference: 'net-ref-2' })));
    expect(new Set(parallel.map((r) => r.json.data.transactionId)).size).toBe(1);
    expect((await card(p, c, cardId)).balanceAmount).toBe(80);
    await p.expectLedgerClean();
  });

  it('rejects bad input with a 400 naming the field and records nothing', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ amount: '1' }, 'VALIDATION_FAILED'],
      [{ cardId }, 'VALIDATION_FAILED'],
      [{ cardId, amount: '0' }, 'INVALID_AMOUNT'],
      [{ cardId, amount: '-5' }, 'INVALID_AMOUNT'],
      [{ cardId, amount: '1.001' }, 'INVALID_AMOUNT'],
      [{ cardId, amount: '1e3' }, 'INVALID_AMOUNT'],
      [{ cardId, amount: '99999999999' }, 'INVALID_AMOUNT'],
      [{ cardId, amount: true }, 'VALIDATION_FAILED'],
      [{ cardId, amount: '1', currency: 'usd' }, 'VALIDATION_FAILED'],
      [{ cardId, amount: '1', currency: 'XAU' }, 'VALIDATION_FAILED'],
      [{ cardId, amount: '1', mcc: '54' }, 'VALIDATION_FAILED'],
      [{ cardId, amount: '1', merchantCountry: 'USA' }, 'VALIDATION_FAILED'],
      [{ cardId, amount: '1', merchantName: 'x'.repeat(101) }, 'VALIDATION_FAILED'],
      [{ cardId, amount: '1', reference: 'has space' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const response = await simulate(p, c, 'authorize', body);
      expectError(response, 400, code);
    }
    expect((await transactions(p, c, { CardId: cardId })).totalRecords).toBe(0);
    expect((await card(p, c, cardId)).balanceAmount).toBe(100);
  });

  it('needs a token, hides other customers\' cards, and does not exist in production', async () => {
    const { cardId } = await applyCard(p, c, '20');
    expectError(await p.api('POST', '/v1/simulate/authorize', { token: null, body: { cardId, amount: 1 } }), 401, 'UNAUTHORIZED');
    const stranger = await p.customer({ USD: '10' });
    expectError(await simulate(p, stranger, 'authorize', { cardId, amount: 1 }), 404, 'CARD_NOT_FOUND');
    expectError(await simulate(p, c, 'authorize', { cardId: 'CARDNOPE', amount: 1 }), 404, 'CARD_NOT_FOUND');

    const production = await createTestPlatform({ config: { environment: 'production' } });
    try {
      const customer = await production.customer({ USD: '10' });
      for (const action of ['authorize', 'clear', 'reverse', 'refund', 'expire'] as const) {
        expectError(await simulate(production, customer, action, { cardId, transactionId: 'TXN1', amount: 1 }), 404, 'ROUTE_NOT_FOUND');
      }
    } finally {
      await production.close();
    }
    expect((await card(p, c, cardId)).balanceAmount).toBe(20);
  });
});
