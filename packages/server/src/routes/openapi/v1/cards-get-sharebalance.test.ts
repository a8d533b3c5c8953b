// GET /v1/cards/{cardId} of a ShareBalance card: its limits, the credit it has
// used, and balanceAmount = what it can spend now = min(funding account
// available, maxCreditAmount − usedCreditAmount), 0 once cancelled.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { GatedChannel } from '../../../../test/gated-channel.ts';
import { applyCard, card, funding, postOk } from '../../../../test/standard-kit.ts';
import { applyShareCard, sbPostOk, shareCard, withUsedCredit } from '../../../../test/share-balance-kit.ts';

describe('GET /v1/cards/{cardId} of a ShareBalance card', () => {
  const channel = new GatedChannel();
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ channel });
    c = await p.customer({ USD: '1000', EUR: '40' });
  });
  afterAll(async () => { channel.release(); await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('shows the limits, the credit used, and every documented field', async () => {
    const { cardId, order } = await applyShareCard(p, c, { maxAuthAmount: '123.45', maxCreditAmount: '500', cardAlias: 'ads' });
    const response = await p.api('GET', `/v1/cards/${cardId}`, { token: c.token });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({
      cardId, cardModel: 'ShareBalance', productCode: 'PROD001',
      cardNumber: expect.stringMatching(/^522981\d{10}$/), cvv: expect.stringMatching(/^\d{3}$/), expirationMMYY: expect.stringMatching(/^\d{2}\/\d{2}$/),
      cardCurrency: 'USD', alias: 'ads', balanceAmount: 500, status: 'Active',
      maxAuthAmount: 123.45, usedCreditAmount: 0, maxCreditAmount: 500, cardOrganization: 'Mastercard', applyTime: expect.any(String),
    });
    expect(order.cardInfos[0].maskCardNumber).toBe(`${response.json.data.cardNumber.slice(0, 6)}***${response.json.data.cardNumber.slice(-4)}`);
  });

  it('balanceAmount is the smaller of the funding account available and the credit left', async () => {
    const { cardId } = await applyShareCard(p, c, { maxCreditAmount: '100' });
    await withUsedCredit(p, cardId, 2550n, async () => {
      expect(await shareCard(p, c, cardId)).toMatchObject({ usedCreditAmount: 25.5, maxCreditAmount: 100, balanceAmount: 74.5 });
    });
    // The EUR account holds less than the limit: it is what binds.
    const eur = await applyShareCard(p, c, { cardCurrency: 'EUR', maxCreditAmount: '100' }); // EUR 40 − 3
    expect(await card(p, c, eur.cardId)).toMatchObject({ cardCurrency: 'EUR', maxCreditAmount: 100, balanceAmount: 37 });
    await withUsedCredit(p, eur.cardId, 9000n, async () => {
      expect((await card(p, c, eur.cardId)).balanceAmount).toBe(10);
    });
  });

  it('an unlimited card can spend what the funding account has available, and follows it', async () => {
    const { cardId } = await applyShareCard(p, c, { maxCreditAmount: '' });
    const before = (await funding(p, c)).amount;
    expect(await shareCard(p, c, cardId)).toMatchObject({ maxCreditAmount: null, balanceAmount: before });
    // A Standard card paid from the same account: 20 + fees 5.30 leave it.
    await applyCard(p, c, '20');
    expect((await shareCard(p, c, cardId)).balanceAmount).toBe(Math.round((before - 25.3) * 100) / 100);
  });

  it('funds an order in flight holds are not available to spend', async () => {
    const { cardId } = await applyShareCard(p, c, { maxCreditAmount: '' });
    const standard = await applyCard(p, c, '10');
    const available = (await funding(p, c)).amount;
    const arrived = channel.hold('topUp');
    const topUp = p.api('POST', '/v1/orders/standard/topup', { token: c.token, body: { cardId: standard.cardId, topUpAmount: '100' } });
    await arrived;
    expect((await shareCard(p, c, cardId)).balanceAmount).toBe(Math.round((available - 101.5) * 100) / 100);
    channel.release();
    expect((await topUp).json.data.status).toBe('Completed');
  });

  it('shows a block, and 0 to spend once cancelled', async () => {
    const { cardId } = await applyShareCard(p, c);
    await sbPostOk(p, c, 'block', { cardId });
    // Blocked is temporary: it shows what it could spend once unblocked (like a Standard card's balance).
    expect(await shareCard(p, c, cardId)).toMatchObject({ status: 'Blocked', balanceAmount: (await funding(p, c)).amount });
    await sbPostOk(p, c, 'cancel', { cardId });
    expect(await shareCard(p, c, cardId)).toEqual({ status: 'Cancel', balanceAmount: 0, maxAuthAmount: 500, maxCreditAmount: 1000, usedCreditAmount: 0 });
    // A Standard card of the same customer is not affected by any of it.
    const standard = await applyCard(p, c, '10');
    await postOk(p, c, 'block', { cardId: standard.cardId });
    expect(await card(p, c, standard.cardId)).toMatchObject({ status: 'Blocked', balanceAmount: 10, maxAuthAmount: null, usedCreditAmount: null, maxCreditAmount: null });
  });
});
