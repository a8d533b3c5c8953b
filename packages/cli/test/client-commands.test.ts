// The integrator commands end to end: the real server on a free port, and
// `cardepass products|cards|orders|accounts` run as child processes with the
// customer's credentials in the environment, as a developer would run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, dataOf, linesOf, SUITE_OPTIONS } from './cli-runner.ts';

describe('cardepass products, cards, orders and accounts', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let customer: TestCustomer;
  let env: Record<string, string>;
  /** `cardepass ARGS` as the test customer. */
  const run = (...args: string[]) => cardepass(args, { env });
  const json = async (...args: string[]) => dataOf(await run(...args, '--json'));

  beforeAll(async () => {
    p = await createTestPlatform();
    const origin = await p.app.listen({ port: 0, host: '127.0.0.1' });
    customer = await p.customer({ USD: '1000', EUR: '200' });
    env = { CARDEPASS_URL: `${origin}/openapi`, CARDEPASS_CLIENT_ID: customer.clientId, CARDEPASS_CLIENT_SECRET: customer.clientSecret };
  });
  afterAll(async () => { await p?.close(); });

  it('lists products and funding accounts as tables and as JSON', async () => {
    const [products, productsJson, accounts, accountsJson] = await Promise.all([
      run('products'), run('products', '--json'), run('accounts'), run('accounts', 'list', '--json'),
    ]);
    const productLines = linesOf(products);
    expect(productLines[0]).toMatch(/^CODE\s+MODELS\s+CURRENCIES\s+NAME$/);
    expect(productLines.slice(1)).toContainEqual(expect.stringMatching(/^PROD001\s+Standard,ShareBalance\s+USD,EUR\s/));
    expect(dataOf(productsJson).map((row: { productCode: string }) => row.productCode)).toEqual(expect.arrayContaining(['PROD001', 'PROD002']));

    expect(linesOf(accounts)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^CURRENCY\s+AVAILABLE\s+LEDGER\s+HELD$/),
      expect.stringMatching(/^EUR\s+200\s+200\s+0$/),
    ]));
    expect(dataOf(accountsJson)).toContainEqual({ currency: 'USD', amount: 1000, ledgerAmount: 1000, heldAmount: 0 });
  });

  it('applies for a Standard card, shows it masked unless --reveal, and runs every order on it', async () => {
    const applied = await json('cards', 'apply', '--product', 'PROD001', '--currency', 'usd', '--top-up', '100', '--alias', 'CLI card', '--order-no', `cli-apply-${Date.now()}`);
    expect(applied).toMatchObject({ orderType: 'ApplyCard', status: 'Completed', totalTopUpAmount: 100, customerOrderNo: expect.stringMatching(/^cli-apply-/) });
    const cardId: string = applied.cardInfos[0].cardId;
    const real = (await p.api('GET', `/v1/cards/${cardId}`, { token: customer.token })).json.data;

    const [masked, revealed, table] = await Promise.all([
      json('cards', 'get', cardId), json('cards', 'get', cardId, '--reveal'), run('cards', 'get', cardId),
    ]);
    expect(masked).toEqual({ ...real, cardNumber: `${real.cardNumber.slice(0, 6)}***${real.cardNumber.slice(-4)}`, cvv: '***' });
    expect(revealed).toEqual(real);
    expect(table.stdout).not.toContain(real.cardNumber);
    expect(linesOf(table)).toEqual(expect.arrayContaining([
      `cardId:           ${cardId}`, 'cardModel:        Standard', 'status:           Active', 'balanceAmount:    100', 'alias:            CLI card',
      `cardNumber:       ${masked.cardNumber}`, 'cvv:              ***',
    ]));

    const topUp = await run('cards', 'topup', cardId, '25.50');
    expect(linesOf(topUp)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^orderType:\s+CardTopUp$/), expect.stringMatching(/^status:\s+Completed$/),
      expect.stringMatching(new RegExp(`^cardId:\\s+${cardId}$`)), expect.stringMatching(/^totalTopUpAmount:\s+25\.5$/),
      // The SDK numbered the order: shown so the user can look it up or retry.
      expect.stringMatching(/^customerOrderNo:\s+sdk_[0-9a-f-]{36}$/),
    ]));
    expect(await json('cards', 'withdraw', cardId, '10')).toMatchObject({ orderType: 'CardWithdraw', status: 'Completed', withdrawAmount: 10, totalAmount: 11 });
    expect(await json('cards', 'block', cardId)).toMatchObject({ orderType: 'CardBlock', status: 'Completed', isBlocked: true });
    expect(await json('cards', 'unblock', cardId)).toMatchObject({ orderType: 'CardUnblock', status: 'Completed' });
    // Withdraw without an amount takes everything the balance allows after the 1 fee.
    expect(await json('cards', 'withdraw', cardId)).toMatchObject({ orderType: 'CardWithdraw', withdrawAmount: 113.5, totalAmount: 114.5 });
    const cancel = await json('cards', 'cancel', cardId);
    expect(cancel).toMatchObject({ orderType: 'CardCancel', status: 'Completed', settleAmount: 0 });
    expect((await json('cards', 'get', cardId)).status).toBe('Cancel');

    // The orders, looked up by either number (mode found by trying both) and listed.
    const [byNo, byCustomerNo, list] = await Promise.all([
      json('orders', 'get', '--order-no', cancel.orderNo),
      json('orders', 'get', '--customer-order-no', applied.customerOrderNo, '--mode', 'standard'),
      run('orders', 'list', '--type', 'CardWithdraw'),
    ]);
    expect(byNo).toMatchObject({ orderNo: cancel.orderNo, orderType: 'CardCancel' });
    expect(byCustomerNo).toMatchObject({ orderNo: applied.orderNo, orderType: 'ApplyCard' });
    const listLines = linesOf(list);
    expect(listLines[0]).toMatch(/^ORDER NO\s+TYPE\s+STATUS\s+CARD\s+CREATED\s+CUSTOMER ORDER NO$/);
    expect(listLines.slice(1)).toHaveLength(2);
    expect(listLines.slice(1).every((line) => line.includes('CardWithdraw') && line.includes(cardId))).toBe(true);
    await p.expectLedgerClean();
  });

  it('lists funding and card movements, walking pages up to --limit', async () => {
    const applied = await json('cards', 'apply', '--product', 'PROD001', '--currency', 'EUR', '--top-up', '20');
    const cardId: string = applied.cardInfos[0].cardId;
    for (const amount of ['1', '2', '3']) dataOf(await run('cards', 'topup', cardId, amount, '--json'));

    const [cardLogs, limited, fundingLogs, fundingTable] = await Promise.all([
      json('accounts', 'card-logs', '--card', cardId),
      json('accounts', 'card-logs', '--card', cardId, '--limit', '2'),
      json('accounts', 'logs', '--currency', 'eur', '--from', new Date().toISOString().slice(0, 10)),
      run('accounts', 'logs', '--currency', 'EUR', '--limit', '3'),
    ]);
    expect(cardLogs.map((l: { cardId: string }) => l.cardId)).toEqual(Array(cardLogs.length).fill(cardId));
    expect(cardLogs.filter((l: { logType: string }) => l.logType === 'CardTopUp').map((l: { amount: number }) => l.amount))
      .toEqual(expect.arrayContaining([1, 2, 3]));
    expect(limited).toEqual(cardLogs.slice(0, 2));
    expect(fundingLogs.every((l: { currency: string }) => l.currency === 'EUR')).toBe(true);
    expect(fundingLogs.map((l: { logType: string }) => l.logType)).toContain('Deposit');
    const tableLines = linesOf(fundingTable);
    expect(tableLines[0]).toMatch(/^TIME\s+TYPE\s+AMOUNT\s+CURRENCY\s+BALANCE AFTER\s+CARD\s+ORDER\s+DESCRIPTION$/);
    expect(tableLines).toHaveLength(4);
  });
});
