import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { GatedChannel } from '../../../../test/gated-channel.ts';
import { isLuhnValid } from '../../../channel/simulated.ts';

const CARD_FIELDS = [
  'alias', 'applyTime', 'balanceAmount', 'cardCurrency', 'cardId', 'cardModel', 'cardNumber', 'cardOrganization', 'cvv',
  'expirationMMYY', 'maxAuthAmount', 'maxCreditAmount', 'productCode', 'status', 'usedCreditAmount',
];

describe('GET /openapi/v1/cards/{cardId}', () => {
  const channel = new GatedChannel();
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ channel });
    c = await p.customer({ USD: '1000', EUR: '500' });
  });
  afterAll(async () => {
    channel.release();
    await p?.close();
  });

  async function applyCard(customer: TestCustomer, body: Record<string, unknown> = {}): Promise<string> {
    const apply = await p.api('POST', '/v1/orders/standard/apply', {
      token: customer.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', ...body },
    });
    expect(apply.statusCode, apply.body).toBe(200);
    expect(apply.json.data.status).toBe('Completed');
    return apply.json.data.cardInfos[0].cardId;
  }
  const getCard = (cardId: string, token = c.token) => p.api('GET', `/v1/cards/${cardId}`, { token });

  it('returns every documented field of a new Standard card', async () => {
    const before = Date.now();
    const cardId = await applyCard(c, { cardAlias: '我的美元卡' });
    const response = await getCard(cardId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    const card = response.json.data;
    expect(Object.keys(card).sort()).toEqual(CARD_FIELDS);
    expect(card).toMatchObject({
      cardId, cardModel: 'Standard', productCode: 'PROD001', cardCurrency: 'USD', alias: '我的美元卡', balanceAmount: 100,
      status: 'Active', maxAuthAmount: null, usedCreditAmount: null, maxCreditAmount: null, cardOrganization: 'Mastercard',
    });
    expect(card.cardNumber).toMatch(/^522981\d{10}$/);
    expect(isLuhnValid(card.cardNumber)).toBe(true);
    expect(card.cvv).toMatch(/^\d{3}$/);
    // PROD001 cards are valid for 36 months, through the end of the month.
    const applied = new Date(card.applyTime);
    const expiry = new Date(Date.UTC(applied.getUTCFullYear(), applied.getUTCMonth() + 36, 1));
    expect(card.expirationMMYY).toBe(`${String(expiry.getUTCMonth() + 1).padStart(2, '0')}/${String(expiry.getUTCFullYear() % 100).padStart(2, '0')}`);
    expect(card.applyTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(applied.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(applied.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    await p.expectLedgerClean();
  });

  it('shows alias null when none was given, and the card currency', async () => {
    const cardId = await applyCard(c, { cardCurrency: 'EUR', topUpAmount: 20.5 });
    const card = (await getCard(cardId)).json.data;
    expect(card).toMatchObject({ alias: null, cardCurrency: 'EUR', balanceAmount: 20.5 });
    await p.expectLedgerClean();
  });

  it('sends cache-control: no-store', async () => {
    const cardId = await applyCard(c);
    const response = await getCard(cardId);
    expect(response.headers['cache-control']).toBe('no-store');
    await p.expectLedgerClean();
  });

  it('balanceAmount is the card\'s available balance: less what an order in flight holds', async () => {
    const cardId = await applyCard(c);
    const entered = channel.hold('withdraw');
    const withdraw = p.api('POST', '/v1/orders/standard/withdraw', { token: c.token, body: { cardId, withdrawAmount: '30' } });
    await entered;
    // 30 + the 1.00 withdraw fee are held on the card while the channel works.
    expect((await getCard(cardId)).json.data.balanceAmount).toBe(69);
    const account = await p.store.db.selectFrom('ledger_accounts').select(['balance_minor', 'held_minor'])
      .where('card_id', '=', cardId).executeTakeFirstOrThrow();
    expect([BigInt(account.balance_minor), BigInt(account.held_minor)]).toEqual([10000n, 3100n]);
    channel.release();
    expect((await withdraw).json.data.status).toBe('Completed');
    expect((await getCard(cardId)).json.data.balanceAmount).toBe(69);
    await p.expectLedgerClean();
  });

  it('follows top-ups exactly', async () => {
    const cardId = await applyCard(c, { topUpAmount: '0.07' });
    const topUp = await p.api('POST', '/v1/orders/standard/topup', { token: c.token, body: { cardId, topUpAmount: '1.1' } });
    expect(topUp.json.data.status, topUp.body).toBe('Completed');
    expect((await getCard(cardId)).json.data.balanceAmount).toBe(1.17);
    await p.expectLedgerClean();
  });

  it('shows the status a block order set', async () => {
    const cardId = await applyCard(c);
    const block = await p.api('POST', '/v1/orders/standard/block', { token: c.token, body: { cardId } });
    expect(block.json.data.status, block.body).toBe('Completed');
    expect((await getCard(cardId)).json.data.status).toBe('Blocked');
    await p.expectLedgerClean();
  });

  it('answers another customer\'s card exactly like a card that does not exist', async () => {
    const cardId = await applyCard(c);
    const other = await p.customer();
    const foreign = await getCard(cardId, other.token);
    const unknownId = `CARD${'Z'.repeat(cardId.length - 4)}`;
    const unknown = await getCard(unknownId, other.token);
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(foreign.json).toMatchObject({ hasError: true, errorCode: 'CARD_NOT_FOUND', data: null });
    expect(unknown.json.errorCode).toBe(foreign.json.errorCode);
    expect(foreign.json.errorMessage.replace(cardId, '<id>')).toBe(unknown.json.errorMessage.replace(unknownId, '<id>'));
    expect(Object.keys(foreign.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    expect(foreign.body).not.toMatch(/522981|cvv|balance/i);
    await p.expectLedgerClean();
  });

  it('checks the card id: 65 characters → 400 naming cardId; 64 → 404', async () => {
    const long = await getCard('C'.repeat(65));
    expect(long.statusCode).toBe(400);
    expect(long.json).toMatchObject({ hasError: true, errorCode: 'VALIDATION_FAILED', data: null });
    expect(long.json.errorMessage).toContain('cardId');
    expect((await getCard('C'.repeat(64))).json.errorCode).toBe('CARD_NOT_FOUND');
  });

  it('treats odd ids as data, not SQL', async () => {
    for (const id of ["CARD' OR '1'='1", 'CARD%25', '%2A']) {
      const response = await getCard(encodeURIComponent(id));
      expect(response.statusCode, id).toBe(404);
      expect(response.json.errorCode).toBe('CARD_NOT_FOUND');
    }
  });

  it('needs a token', async () => {
    const cardId = await applyCard(c);
    const response = await p.api('GET', `/v1/cards/${cardId}`);
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain('522981');
    await p.expectLedgerClean();
  });
});
