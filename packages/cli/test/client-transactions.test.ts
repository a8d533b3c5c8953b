// `cardepass transactions` as a child process against the real server: the
// sandbox network (driven directly through the API) makes the transactions,
// the command lists and filters them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, dataOf, expectCleanFailure, linesOf, SUITE_OPTIONS } from './cli-runner.ts';

describe('cardepass transactions', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let customer: TestCustomer;
  let env: Record<string, string>;
  const run = (...args: string[]) => cardepass(args, { env });
  const json = async (...args: string[]) => dataOf(await run(...args, '--json'));
  /** The sandbox network, driven directly: the CLI only reads transactions. */
  const simulate = async (action: string, body: object) => {
    const response = await p.api('POST', `/v1/simulate/${action}`, { token: customer.token, body });
    expect(response.statusCode, response.body).toBe(200);
    return response.json.data;
  };

  beforeAll(async () => {
    p = await createTestPlatform();
    const origin = await p.app.listen({ port: 0, host: '127.0.0.1' });
    customer = await p.customer({ USD: '1000' });
    env = { CARDEPASS_URL: `${origin}/openapi`, CARDEPASS_CLIENT_ID: customer.clientId, CARDEPASS_CLIENT_SECRET: customer.clientSecret };
  });
  afterAll(async () => { await p?.close(); });

  it('lists transactions, filtered by card, type and status', async () => {
    const applied = await json('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--top-up', '50');
    const cardId: string = applied.cardInfos[0].cardId;
    const auth = await simulate('authorize', { cardId, amount: '12.50', merchantName: 'Corner Cafe' });
    await simulate('clear', { transactionId: auth.transactionId });
    await simulate('authorize', { cardId, amount: 500 });

    const [table, all, declined, clearings] = await Promise.all([
      run('transactions', '--card', cardId),
      json('transactions', '--card', cardId, '--from', new Date().toISOString().slice(0, 10)),
      json('transactions', '--card', cardId, '--type', 'Authorization', '--status', 'Declined'),
      json('transactions', '--card', cardId, '--type', 'Clearing', '--limit', '1'),
    ]);
    const lines = linesOf(table);
    expect(lines[0]).toMatch(/^TIME\s+TRANSACTION ID\s+CARD\s+TYPE\s+STATUS\s+AMOUNT\s+CURRENCY\s+DECLINE\s+MERCHANT$/);
    expect(lines.slice(1)).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(/\sAuthorization\s+Settled\s+12\.5\s+USD\s+-\s+Corner Cafe$/));
    expect(all.map((t: { transactionType: string }) => t.transactionType).sort()).toEqual(['Authorization', 'Authorization', 'Clearing']);
    expect(declined).toEqual([expect.objectContaining({ status: 'Declined', declineReason: 'INSUFFICIENT_FUNDS', amount: 500 })]);
    expect(clearings).toEqual([expect.objectContaining({ transactionType: 'Clearing', amount: 12.5, authorizationId: auth.transactionId })]);
    expectCleanFailure(await run('transactions', '--type', 'Purchase'), /^cardepass: VALIDATION_FAILED: /);
  });
});
