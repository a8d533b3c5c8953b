// How the integrator commands fail, and where they find credentials: one line
// on stderr with the API's errorCode and message, a non-zero exit, never the
// client secret; the demo credentials `serve` writes are found in ./data.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, dataOf, expectCleanFailure, SUITE_OPTIONS, type CliRun } from './cli-runner.ts';
import { closedPort } from '../../sdk/test/sdk-harness.ts';

describe('cardepass integrator commands: failures and credentials', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let origin: string;
  let customer: TestCustomer;
  let env: Record<string, string>;
  const run = (...args: string[]) => cardepass(args, { env });
  const expectNoSecret = (result: CliRun) => expect(result.stdout + result.stderr).not.toContain(customer.clientSecret);

  beforeAll(async () => {
    p = await createTestPlatform();
    origin = await p.app.listen({ port: 0, host: '127.0.0.1' });
    customer = await p.customer({ USD: '50' });
    env = { CARDEPASS_URL: `${origin}/openapi`, CARDEPASS_CLIENT_ID: customer.clientId, CARDEPASS_CLIENT_SECRET: customer.clientSecret };
  });
  afterAll(async () => { await p?.close(); });

  it("prints the API's errorCode and message on one line and exits non-zero", async () => {
    const [missingCard, poor, badAmount, noOrder] = await Promise.all([
      run('cards', 'get', 'CARD_NOPE'),
      run('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--top-up', '5000'),
      run('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--top-up', '1.234', '--json'),
      run('orders', 'get', '--order-no', 'ORD_NOPE'),
    ]);
    expectCleanFailure(missingCard, /^cardepass: CARD_NOT_FOUND: Card 'CARD_NOPE' does not exist \(HTTP 404, responseId [0-9a-f-]{36}\)$/);
    expectCleanFailure(poor, /^cardepass: INSUFFICIENT_FUNDS: The USD funding account's available balance is insufficient for /);
    expectCleanFailure(badAmount, /^cardepass: INVALID_AMOUNT: /);
    // Not in either mode's orders.
    expectCleanFailure(noOrder, /^cardepass: ORDER_NOT_FOUND: No such order/);
    for (const result of [missingCard, poor, badAmount, noOrder]) expectNoSecret(result);
  });

  it('rejects contradictory or incomplete flags before calling the API', async () => {
    const [both, neither, noMaxAuth, limitsUnclear, getNeither, badMode] = await Promise.all([
      run('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--top-up', '5', '--share-balance', '--max-auth', '5'),
      run('cards', 'apply', '--product', 'PROD001', '--currency', 'USD'),
      run('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--share-balance'),
      run('cards', 'limits', 'CARD1', '--max-auth', '10'),
      run('orders', 'get'),
      run('orders', 'list', '--mode', 'credit'),
    ]);
    expectCleanFailure(both, /^cardepass: pass either --top-up AMOUNT \(a Standard card\) or --share-balance --max-auth AMOUNT$/);
    expectCleanFailure(neither, /^cardepass: pass either --top-up AMOUNT/);
    expectCleanFailure(noMaxAuth, /^cardepass: --share-balance needs --max-auth AMOUNT/);
    expectCleanFailure(limitsUnclear, /^cardepass: pass either --max-credit AMOUNT or --unlimited$/);
    expectCleanFailure(getNeither, /^cardepass: pass either --order-no or --customer-order-no$/);
    expectCleanFailure(badMode, /^error: option '--mode <mode>' argument 'credit' is invalid\. expected standard or sharebalance\.$/);
  });

  it('reports bad credentials, no credentials and an unreachable server without showing the secret', async () => {
    const port = await closedPort();
    const emptyDir = await mkdtemp(path.join(tmpdir(), 'cardepass-cli-'));
    try {
      const [wrongSecret, noCredentials, onlyId, unreachable] = await Promise.all([
        cardepass(['accounts'], { env: { ...env, CARDEPASS_CLIENT_SECRET: `${customer.clientSecret}x` } }),
        cardepass(['products'], { env: { CARDEPASS_URL: env.CARDEPASS_URL! }, cwd: emptyDir }),
        cardepass(['products', '--client-id', customer.clientId], { env: { CARDEPASS_URL: env.CARDEPASS_URL! }, cwd: emptyDir }),
        cardepass(['products', '--url', `http://127.0.0.1:${port}/openapi`], { env }),
      ]);
      expectCleanFailure(wrongSecret, /^cardepass: invalid_client: Client authentication failed \(HTTP 401/);
      expect(wrongSecret.stderr).not.toContain(`${customer.clientSecret}x`);
      expectCleanFailure(noCredentials, /^cardepass: no client credentials: set CARDEPASS_CLIENT_ID and CARDEPASS_CLIENT_SECRET/);
      expectCleanFailure(onlyId, /^cardepass: pass both the client id and the client secret/);
      expectCleanFailure(unreachable, new RegExp(`^cardepass: Cannot reach http://127\\.0\\.0\\.1:${port}/openapi/connect/token: ECONNREFUSED; is the server running\\? Set --url or CARDEPASS_URL$`));
      for (const result of [noCredentials, onlyId, unreachable]) expectNoSecret(result);
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  });

  it("finds ./data/demo-credentials.json, and adds /openapi to a URL without a path (the admin commands' form)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cardepass-cli-'));
    try {
      await mkdir(path.join(dir, 'data'));
      await writeFile(path.join(dir, 'data', 'demo-credentials.json'), JSON.stringify({ customerId: customer.customerId, clientId: customer.clientId, clientSecret: customer.clientSecret }));
      const accounts = dataOf(await cardepass(['accounts', '--json'], { env: { CARDEPASS_URL: origin }, cwd: dir }));
      expect(accounts).toContainEqual(expect.objectContaining({ currency: 'USD', amount: 50 }));
      // Flags win over the environment.
      const flagged = await cardepass(['products', '--json', '--url', `${origin}/`, '--client-id', customer.clientId, '--client-secret', customer.clientSecret], { cwd: dir });
      expect(dataOf(flagged).length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
