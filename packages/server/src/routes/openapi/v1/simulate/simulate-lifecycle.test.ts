import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding } from '../../../../../test/standard-kit.ts';
import { applyShareCard } from '../../../../../test/share-balance-kit.ts';
import { approved, simulate, simulateOk, transactions } from '../../../../../test/transactions-kit.ts';

/** The network's fund logs: what the ledger says went to card-network settlement. */
async function networkBalance(p: TestPlatform, c: TestCustomer): Promise<bigint> {
  const { rows } = await p.store.query<{ balance_minor: bigint }>(
    `SELECT balance_minor FROM ledger_accounts WHERE customer_id = $1 AND kind = 'network' AND currency = 'USD'`, [c.customerId]);
  return BigInt(rows[0]!.balance_minor);
}

describe('clearing, reversal and refund of an authorization', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ config: { overCapturePercent: 20 } });
    c = await p.customer({ USD: '5000' });
  });
  afterAll(async () => { await p.close(); });

  it('clears for less than authorized: the cleared amount settles, the rest of the hold is released', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const authId = await approved(p, c, cardId, '50');
    const clearing = await simulateOk(p, c, 'clear', { transactionId: authId, amount: '42.50' });
    expect(clearing).toMatchObject({ transactionType: 'Clearing', status: 'Completed', amount: 42.5, authorizationId: authId, cardId, merchantName: 'Test Shop' });
    expect(clearing.settlementTime).not.toBeNull();
    expect((await card(p, c, cardId)).balanceAmount).toBe(57.5);
    expect(await networkBalance(p, c)).toBe(4250n);
    const [auth] = (await transactions(p, c, { TransactionType: 'Authorization', CardId: cardId })).data;
    expect(auth).toMatchObject({ status: 'Settled', heldAmount: 0, clearedAmount: 42.5 });
    expect(clearing.authorizationTime).toBe(auth.transactionTime);
    await p.expectLedgerClean();
  });

  it('clears above the hold within the over-capture tolerance, and refuses beyond it or beyond the funds', async () => {
    const { cardId } = await applyCard(p, c, '110');
    const authId = await approved(p, c, cardId, '50');
    // 20% of 50 = 10: 60.01 is one minor unit too many.
    expectError(await simulate(p, c, 'clear', { transactionId: authId, amount: '60.01' }), 400, 'AMOUNT_EXCEEDS_TOLERANCE');
    await simulateOk(p, c, 'clear', { transactionId: authId, amount: '60' });
    expect((await card(p, c, cardId)).balanceAmount).toBe(50);

    const second = await approved(p, c, cardId, '45');
    // 45 + 9 allowed by the tolerance, but only 5 left on the card beyond the hold.
    expectError(await simulate(p, c, 'clear', { transactionId: second, amount: '50.01' }), 409, 'OVER_CAPTURE_DECLINED');
    expect((await transactions(p, c, { AuthorizationId: second })).data[0]).toMatchObject({ status: 'Pending', heldAmount: 45 });
    await simulateOk(p, c, 'clear', { transactionId: second, amount: '50' });
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
    await p.expectLedgerClean();
  });

  it('keeps over-capture on a ShareBalance card inside its credit limit', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '105' });
    const authId = await approved(p, c, cardId, '100');
    expectError(await simulate(p, c, 'clear', { transactionId: authId, amount: '105.01' }), 409, 'OVER_CAPTURE_DECLINED');
    await simulateOk(p, c, 'clear', { transactionId: authId, amount: '105' });
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 105, balanceAmount: 0 });
    await p.expectLedgerClean();
  });

  it('reverses part of a hold, then the rest; a reversed authorization cannot be cleared', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '100' });
    const authId = await approved(p, c, cardId, '80');
    expectError(await simulate(p, c, 'reverse', { transactionId: authId, amount: '80.01' }), 400, 'AMOUNT_EXCEEDS_HOLD');
    const partial = await simulateOk(p, c, 'reverse', { transactionId: authId, amount: '30' });
    expect(partial).toMatchObject({ transactionType: 'Reversal', amount: 30, authorizationId: authId, settlementTime: null });
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 50, balanceAmount: 50 });
    await simulateOk(p, c, 'reverse', { transactionId: authId });
    expect((await transactions(p, c, { AuthorizationId: authId, TransactionType: 'Authorization' })).data[0])
      .toMatchObject({ status: 'Reversed', heldAmount: 0, reversedAmount: 80 });
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 0, balanceAmount: 100 });
    expectError(await simulate(p, c, 'clear', { transactionId: authId }), 409, 'AUTHORIZATION_NOT_PENDING');
    await p.expectLedgerClean();
  });

  it('refunds a settled purchase in parts, never more than was cleared, named by the authorization or the clearing', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '100' });
    const authId = await approved(p, c, cardId, '60');
    expectError(await simulate(p, c, 'refund', { transactionId: authId }), 409, 'TRANSACTION_NOT_SETTLED');
    const clearing = await simulateOk(p, c, 'clear', { transactionId: authId });
    const before = await funding(p, c);
    const refund = await simulateOk(p, c, 'refund', { transactionId: clearing.transactionId, amount: '25' });
    expect(refund).toMatchObject({ transactionType: 'Refund', status: 'Completed', amount: 25, authorizationId: authId });
    expect((await funding(p, c)).ledgerAmount).toBeCloseTo(before.ledgerAmount + 25, 2);
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 35 });
    expectError(await simulate(p, c, 'refund', { transactionId: authId, amount: '35.01' }), 400, 'AMOUNT_EXCEEDS_REFUNDABLE');
    await simulateOk(p, c, 'refund', { transactionId: authId });
    expectError(await simulate(p, c, 'refund', { transactionId: authId }), 400, 'AMOUNT_EXCEEDS_REFUNDABLE');
    expect((await transactions(p, c, { AuthorizationId: authId, TransactionType: 'Authorization' })).data[0])
      .toMatchObject({ status: 'Settled', clearedAmount: 60, refundedAmount: 60 });
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 0 });
    await p.expectLedgerClean();
  });

  it('refunds a Standard card\'s purchase onto the card', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const authId = await approved(p, c, cardId, '30');
    await simulateOk(p, c, 'clear', { transactionId: authId });
    await simulateOk(p, c, 'refund', { transactionId: authId, amount: '10' });
    expect((await card(p, c, cardId)).balanceAmount).toBe(80);
    await p.expectLedgerClean();
  });

  it('answers every event replayed with its reference with the original, and a changed one with 409', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const authId = await approved(p, c, cardId, '40');
    const steps: Array<['clear' | 'reverse' | 'refund', Record<string, unknown>, Record<string, unknown>]> = [
      ['reverse', { transactionId: authId, amount: '5', reference: 'rev-1' }, { amount: '6' }],
      ['clear', { transactionId: authId, amount: '30', reference: 'clr-1' }, { amount: '31' }],
      ['refund', { transactionId: authId, amount: '10', reference: 'ref-1' }, { amount: '11' }],
    ];
    for (const [action, body, changed] of steps) {
      const first = await simulateOk(p, c, action, body);
      const again = await simulate(p, c, action, body);
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json.data).toEqual(first);
      expectError(await simulate(p, c, action, { ...body, ...changed }), 409, 'REFERENCE_CONFLICT');
    }
    // 100 − 30 cleared + 10 refunded; the 5 reversed and the 5 released by the clearing are back.
    expect((await card(p, c, cardId)).balanceAmount).toBe(80);
    await p.expectLedgerClean();
  });

  it('rejects unknown, foreign and wrong-type transactions, and bad amounts, changing nothing', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const authId = await approved(p, c, cardId, '10');
    const stranger = await p.customer({ USD: '10' });
    expectError(await simulate(p, c, 'clear', { transactionId: 'TXNNOPE' }), 404, 'TRANSACTION_NOT_FOUND');
    for (const action of ['clear', 'reverse', 'refund', 'expire'] as const) {
      expectError(await simulate(p, stranger, action, { transactionId: authId }), 404, 'TRANSACTION_NOT_FOUND');
      expectError(await p.api('POST', `/v1/simulate/${action}`, { token: null, body: { transactionId: authId } }), 401, 'UNAUTHORIZED');
      expectError(await p.api('POST', `/v1/simulate/${action}`, { token: 'not-a-jwt', body: { transactionId: authId } }), 401, 'INVALID_TOKEN');
    }
    expectError(await simulate(p, c, 'reverse', { transactionId: authId, amount: '0' }), 400, 'INVALID_AMOUNT');
    expectError(await simulate(p, c, 'clear', { transactionId: authId, amount: '1.005' }), 400, 'INVALID_AMOUNT');
    expectError(await simulate(p, c, 'clear', { amount: '1' }), 400, 'VALIDATION_FAILED');
    const reversal = await simulateOk(p, c, 'reverse', { transactionId: authId, amount: '1' });
    expectError(await simulate(p, c, 'clear', { transactionId: reversal.transactionId }), 400, 'NOT_AN_AUTHORIZATION');
    expect((await transactions(p, c, { AuthorizationId: authId, TransactionType: 'Authorization' })).data[0])
      .toMatchObject({ status: 'Pending', heldAmount: 9 });
    await p.expectLedgerClean();
  });
});
