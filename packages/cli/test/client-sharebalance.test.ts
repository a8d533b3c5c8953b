// The integrator commands on a ShareBalance card — apply with limits, change
// them, block/unblock/cancel routed by the card's mode, its orders — as child
// processes against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, dataOf, expectCleanFailure, linesOf, SUITE_OPTIONS } from './cli-runner.ts';

describe('cardepass on ShareBalance cards', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let customer: TestCustomer;
  let env: Record<string, string>;
  const run = (...args: string[]) => cardepass(args, { env });
  const json = async (...args: string[]) => dataOf(await run(...args, '--json'));
  beforeAll(async () => {
    p = await createTestPlatform();
    const origin = await p.app.listen({ port: 0, host: '127.0.0.1' });
    customer = await p.customer({ USD: '1000' });
    env = { CARDEPASS_URL: `${origin}/openapi`, CARDEPASS_CLIENT_ID: customer.clientId, CARDEPASS_CLIENT_SECRET: customer.clientSecret };
  });
  afterAll(async () => { await p?.close(); });

  it('applies with limits, changes them, and blocks, unblocks and cancels through the ShareBalance endpoints', async () => {
    const applied = await json('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--share-balance', '--max-auth', '100', '--max-credit', '500');
    expect(applied).toMatchObject({ orderType: 'ApplyCard', status: 'Completed', maxAuthAmount: 100, maxCreditAmount: 500, transFee: 3 });
    const cardId: string = applied.cardInfos[0].cardId;

    const limits = await run('cards', 'limits', cardId, '--max-auth', '50', '--max-credit', '200');
    expect(linesOf(limits)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^orderType:\s+CreditLimit$/), expect.stringMatching(/^maxAuthAmount:\s+50$/), expect.stringMatching(/^maxCreditAmount:\s+200$/),
    ]));
    expect(await json('cards', 'limits', cardId, '--max-auth', '60', '--unlimited')).toMatchObject({ orderType: 'CreditLimit', maxCreditAmount: null });
    expect(linesOf(await run('cards', 'get', cardId))).toEqual(expect.arrayContaining([
      expect.stringMatching(/^cardModel:\s+ShareBalance$/), expect.stringMatching(/^maxAuthAmount:\s+60$/), expect.stringMatching(/^maxCreditAmount:\s+unlimited$/),
    ]));

    // The card's mode picks the endpoint: these are ShareBalance orders.
    const block = await json('cards', 'block', cardId);
    expect(block).toMatchObject({ orderType: 'CardBlock', status: 'Completed', cardInfo: { cardModel: 'ShareBalance' } });
    expect(await json('cards', 'unblock', cardId)).toMatchObject({ orderType: 'CardUnblock', status: 'Completed' });
    expect(await json('cards', 'cancel', cardId)).toMatchObject({ orderType: 'CardCancel', status: 'Completed' });

    const [found, listed] = await Promise.all([
      json('orders', 'get', '--order-no', block.orderNo),
      run('orders', 'list', '--mode', 'sharebalance', '--type', 'CreditLimit'),
    ]);
    expect(found).toMatchObject({ orderNo: block.orderNo, orderType: 'CardBlock' });
    const rows = linesOf(listed).slice(1);
    expect(rows).toHaveLength(2);
    expect(rows.every((line) => /\sCreditLimit\s+Completed\s/.test(line) && line.includes(cardId))).toBe(true);
    await p.expectLedgerClean();
  });

  it('refuses a Standard-only order on a ShareBalance card with the API\'s error', async () => {
    const applied = await json('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--share-balance', '--max-auth', '10');
    expectCleanFailure(await run('cards', 'topup', applied.cardInfos[0].cardId, '5'), /^cardepass: CARD_MODEL_MISMATCH: Card '\S+' is a ShareBalance card; this endpoint is for Standard cards/);
  });
});
