import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { GatedChannel } from '../../../../../test/gated-channel.ts';

interface Account { currency: string; amount: number; ledgerAmount: number; heldAmount: number }

describe('GET /openapi/v1/accounts', () => {
  const channel = new GatedChannel();
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ channel }); });
  afterAll(async () => {
    channel.release();
    await p?.close();
  });

  const accounts = async (c: TestCustomer) => {
    const response = await p.api('GET', '/v1/accounts', { token: c.token });
    expect(response.statusCode, response.body).toBe(200);
    return { response, data: response.json.data as Account[] };
  };
  const usd = async (c: TestCustomer) => (await accounts(c)).data.find((a) => a.currency === 'USD')!;
  const deposit = async (c: TestCustomer, currency: string, amount: string) => {
    const response = await p.admin('POST', '/deposits', { customerId: c.customerId, currency, amount, reference: `ref-${randomBytes(6).toString('hex')}` });
    expect(response.statusCode, response.body).toBe(200);
  };

  it('lists a funding account per currency with amount, ledgerAmount and heldAmount, all zero at first', async () => {
    const c = await p.customer();
    const { response, data } = await accounts(c);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(data.map((a) => a.currency)).toEqual(['AUD', 'CAD', 'CNY', 'EUR', 'GBP', 'HKD', 'JPY', 'SGD', 'USD']);
    for (const account of data) {
      expect(Object.keys(account)).toEqual(['currency', 'amount', 'ledgerAmount', 'heldAmount']);
      expect(account).toMatchObject({ amount: 0, ledgerAmount: 0, heldAmount: 0 });
    }
  });

  it('grows by exactly each deposit, with no floating-point artefacts', async () => {
    const c = await p.customer();
    await deposit(c, 'USD', '0.07');
    expect(await usd(c)).toEqual({ currency: 'USD', amount: 0.07, ledgerAmount: 0.07, heldAmount: 0 });
    await deposit(c, 'USD', '0.1');
    const { response } = await accounts(c);
    // The wire text itself, not just the parsed number.
    expect(response.body).toContain('{"currency":"USD","amount":0.17,"ledgerAmount":0.17,"heldAmount":0}');
    await deposit(c, 'USD', '0.2');
    expect((await usd(c)).amount).toBe(0.37);
    await p.expectLedgerClean();
  });

  it('renders each currency with its own decimals and large amounts exactly', async () => {
    const c = await p.customer();
    await deposit(c, 'JPY', '1500');
    await deposit(c, 'EUR', '9999999999.99');
    const { data } = await accounts(c);
    expect(data.find((a) => a.currency === 'JPY')!.amount).toBe(1500);
    expect(data.find((a) => a.currency === 'EUR')!.amount).toBe(9999999999.99);
    const { response } = await accounts(c);
    expect(response.body).toContain('"amount":9999999999.99');
    await p.expectLedgerClean();
  });

  it('amount is the available balance: an order in flight holds its total, the ledger balance stays', async () => {
    const c = await p.customer({ USD: '500' });
    const arrived = channel.hold('issue');
    const apply = p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' } });
    await arrived;
    // 100 + 5 issue fee + 1.5 % top-up fee = 106.50, held while the channel issues the card.
    expect(await usd(c)).toEqual({ currency: 'USD', amount: 393.5, ledgerAmount: 500, heldAmount: 106.5 });
    channel.release();
    expect((await apply).json.data.status).toBe('Completed');
    expect(await usd(c)).toEqual({ currency: 'USD', amount: 393.5, ledgerAmount: 393.5, heldAmount: 0 });
    await p.expectLedgerClean();
  });

  it('gets money back when a card is cancelled (balance minus the cancel fee)', async () => {
    const c = await p.customer({ USD: '200' });
    const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '50' } });
    expect((await usd(c)).amount).toBe(200 - 50 - 5 - 0.75);
    const cancel = await p.api('POST', '/v1/orders/standard/cancel', { token: c.token, body: { cardId: apply.json.data.cardInfos[0].cardId } });
    expect(cancel.json.data.status, cancel.body).toBe('Completed');
    expect(await usd(c)).toEqual({ currency: 'USD', amount: 192.25, ledgerAmount: 192.25, heldAmount: 0 });
    await p.expectLedgerClean();
  });

  it('shows each customer only their own balances', async () => {
    const rich = await p.customer({ USD: '777.77' });
    const poor = await p.customer();
    expect((await usd(rich)).amount).toBe(777.77);
    expect((await usd(poor)).amount).toBe(0);
    const { response } = await accounts(poor);
    expect(response.body).not.toContain('777.77');
    await p.expectLedgerClean();
  });

  it('needs a token', async () => {
    const response = await p.api('GET', '/v1/accounts');
    expect(response.statusCode).toBe(401);
    expect(response.json.data).toBeNull();
  });
});
