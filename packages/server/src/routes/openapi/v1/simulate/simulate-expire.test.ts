import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, funding, postOk } from '../../../../../test/standard-kit.ts';
import { applyShareCard, sbPostOk } from '../../../../../test/share-balance-kit.ts';
import { approved, simulate, simulateOk, transactions } from '../../../../../test/transactions-kit.ts';
import { WorkerLoop } from '../../../../worker/loop.ts';

describe('authorizations expiring, and cards cancelled with holds open', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ config: { authExpiryDays: 2 } });
    c = await p.customer({ USD: '5000' });
  });
  afterAll(async () => { await p.close(); });

  const authorization = async (id: string) => (await transactions(p, c, { AuthorizationId: id, TransactionType: 'Authorization' })).data[0];

  it('expires on request: the hold is released, a second expire changes nothing, a clearing after it is refused', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '100' });
    const authId = await approved(p, c, cardId, '70');
    const created = await authorization(authId);
    expect(new Date(created.expiresAt).getTime() - new Date(created.transactionTime).getTime()).toBe(2 * 86_400_000);
    const expired = await simulateOk(p, c, 'expire', { transactionId: authId });
    expect(expired).toMatchObject({ transactionId: authId, status: 'Expired', heldAmount: 0 });
    expect(await card(p, c, cardId)).toMatchObject({ usedCreditAmount: 0, balanceAmount: 100 });
    const again = await simulate(p, c, 'expire', { transactionId: authId });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.data).toEqual(expired);
    expectError(await simulate(p, c, 'clear', { transactionId: authId }), 409, 'AUTHORIZATION_NOT_PENDING');
    expectError(await simulate(p, c, 'reverse', { transactionId: authId }), 409, 'AUTHORIZATION_NOT_PENDING');
    await simulateOk(p, c, 'clear', { transactionId: await approved(p, c, cardId, '1') });
    expectError(await simulate(p, c, 'expire', { transactionId: (await transactions(p, c, { CardId: cardId, Status: 'Settled' })).data[0].transactionId }), 409, 'AUTHORIZATION_NOT_PENDING');
    await p.expectLedgerClean();
  });

  it('the worker\'s sweep expires exactly the authorizations past their expiry', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const old = await approved(p, c, cardId, '10');
    const fresh = await approved(p, c, cardId, '20');
    await p.store.query(`UPDATE card_transactions SET expires_at = now() - interval '1 second' WHERE id = $1`, [old]);
    expect(await p.app.ctx.transactions.expireDue()).toBe(1);
    expect(await p.app.ctx.transactions.expireDue()).toBe(0);
    expect((await authorization(old)).status).toBe('Expired');
    expect((await authorization(fresh)).status).toBe('Pending');
    expect((await card(p, c, cardId)).balanceAmount).toBe(80);
    await p.expectLedgerClean();
  });

  it('the worker loop runs the sweep', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const old = await approved(p, c, cardId, '10');
    await p.store.query(`UPDATE card_transactions SET expires_at = now() - interval '1 second' WHERE id = $1`, [old]);
    const loop = new WorkerLoop(p.app.ctx.executor, 20, p.app.log, () => p.app.ctx.transactions.expireDue());
    loop.start();
    try {
      const deadline = Date.now() + 5000;
      while ((await authorization(old)).status !== 'Expired' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await loop.stop();
    }
    expect((await authorization(old)).status).toBe('Expired');
    await p.expectLedgerClean();
  });

  it('cancels a Standard card with a hold open: the hold stays for the clearing, the rest returns to the funding account', async () => {
    const { cardId } = await applyCard(p, c, '100');
    const authId = await approved(p, c, cardId, '30');
    const expiring = await approved(p, c, cardId, '20');
    const before = await funding(p, c);
    const cancel = await postOk(p, c, 'cancel', { cardId });
    // 100 − 50 held = 50 available; the cancel fee (2) is taken from it.
    expect(cancel).toMatchObject({ settleAmount: 48, fee: 2 });
    expect((await funding(p, c)).amount).toBeCloseTo(before.amount + 48, 2);
    expect((await card(p, c, cardId)).status).toBe('Cancel');

    const cleared = await simulateOk(p, c, 'clear', { transactionId: authId, amount: '25' });
    expect(cleared.status).toBe('Completed');
    // The 5 the clearing did not need, and the 20 of the expired hold, go back to the funding account.
    await simulateOk(p, c, 'expire', { transactionId: expiring });
    expect((await funding(p, c)).amount).toBeCloseTo(before.amount + 48 + 5 + 20, 2);
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
    // A refund after cancellation goes to the funding account too.
    await simulateOk(p, c, 'refund', { transactionId: authId, amount: '25' });
    expect((await funding(p, c)).amount).toBeCloseTo(before.amount + 48 + 5 + 20 + 25, 2);
    expect((await card(p, c, cardId)).balanceAmount).toBe(0);
    expectError(await simulate(p, c, 'clear', { transactionId: authId }), 409, 'AUTHORIZATION_NOT_PENDING');
    await p.expectLedgerClean();
  });

  it('cancels a ShareBalance card with a hold open: it may still clear or be reversed, and nothing new is approved', async () => {
    const { cardId } = await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '200' });
    const toClear = await approved(p, c, cardId, '40');
    const toReverse = await approved(p, c, cardId, '15');
    await sbPostOk(p, c, 'cancel', { cardId });
    const heldBefore = (await funding(p, c)).heldAmount;
    await simulateOk(p, c, 'clear', { transactionId: toClear });
    await simulateOk(p, c, 'reverse', { transactionId: toReverse });
    expect((await funding(p, c)).heldAmount).toBeCloseTo(heldBefore - 55, 2);
    expect((await card(p, c, cardId))).toMatchObject({ status: 'Cancel', usedCreditAmount: 40 });
    const declined = await simulateOk(p, c, 'authorize', { cardId, amount: '1' });
    expect(declined.declineReason).toBe('CARD_CANCELLED');
    await p.expectLedgerClean();
  });
});
