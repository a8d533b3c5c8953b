// The operator CLI end to end: the real server listening on a free port, and
// `cardepass` run as a real child process against it, exactly as an operator
// would. Each child costs about a second of startup, so tests group their
// assertions and run independent invocations concurrently.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, dataOf, expectCleanFailure } from './cli-runner.ts';

const SUITE_OPTIONS = { timeout: 90_000 };

/** A port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const suffix = () => Math.random().toString(36).slice(2, 8);

describe('cardepass admin', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let url: string;
  /** `cardepass admin ARGS --url … --admin-key … --json` against the test server. */
  const admin = (...args: string[]) => cardepass(['admin', ...args, '--url', url, '--admin-key', p.adminKey, '--json']);

  beforeAll(async () => {
    p = await createTestPlatform();
    url = await p.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => { await p?.close(); });

  it('creates a customer and deposits into it; the customer sees the deposit with its new credentials', async () => {
    const customer = dataOf(await admin('customers', 'create', '--name', 'CLI Customer'));
    expect(customer).toEqual({
      customerId: expect.any(String), name: 'CLI Customer', status: 'Active', createdOn: expect.any(String),
      clientId: expect.any(String), clientSecret: expect.any(String),
    });

    const deposit = dataOf(await admin('deposit', '--customer', customer.customerId, '--currency', 'USD', '--amount', '1000'));
    expect(deposit).toMatchObject({ customerId: customer.customerId, currency: 'USD', amount: 1000, balanceAfter: 1000 });
    expect(deposit.reference).toMatch(/^cli-/);

    const token = await p.token(customer.clientId, customer.clientSecret);
    const accounts = await p.api('GET', '/v1/accounts', { token });
    expect(accounts.statusCode, accounts.body).toBe(200);
    expect(accounts.json.data).toContainEqual(expect.objectContaining({ currency: 'USD', amount: 1000, ledgerAmount: 1000 }));
  });

  it('creates a product with a fee schedule and lists it', async () => {
    const code = `CLI_${suffix()}`;
    const created = dataOf(await admin('products', 'create', '--code', code, '--name', 'CLI card',
      '--models', 'Standard,ShareBalance', '--currencies', 'USD,EUR', '--bin', '522981', '--organization', 'VISA',
      '--validity-months', '24', '--description', 'Made by the CLI', '--fee', 'CARD_ISSUE=Fixed:5', '--fee', 'CARD_TOPUP=Percent:0.015'));
    const fees = [
      { feeCode: 'CARD_ISSUE', chargeMethodType: 'Fixed', fixedValue: '5', percent: 0 },
      { feeCode: 'CARD_TOPUP', chargeMethodType: 'Percent', fixedValue: '0', percent: 0.015 },
    ];
    expect(created).toMatchObject({
      productCode: code, productName: 'CLI card', description: 'Made by the CLI', cardModels: ['Standard', 'ShareBalance'],
      cardCurrency: ['USD', 'EUR'], cardOrganization: 'VISA', binRange: '522981', validityMonths: 24,
    });
    expect(created.fees).toEqual(expect.arrayContaining(fees));
    expect(created.fees).toHaveLength(2);

    const listed = dataOf(await admin('products', 'list'));
    const product = listed.find((row: { productCode: string }) => row.productCode === code);
    expect(product).toEqual(created);
  });

  it('creates, lists and revokes clients, and disables and enables a customer', async () => {
    const c = await p.customer();
    const second = dataOf(await admin('clients', 'create', '--customer', c.customerId));
    expect(second).toEqual({ customerId: c.customerId, clientId: expect.any(String), clientSecret: expect.any(String) });
    const secondToken = await p.token(second.clientId, second.clientSecret);
    expect((await p.api('GET', '/v1/accounts', { token: secondToken })).statusCode).toBe(200);

    const revoked = dataOf(await admin('clients', 'revoke', second.clientId));
    expect(revoked).toMatchObject({ clientId: second.clientId, customerId: c.customerId, status: 'Revoked' });
    expect((await p.api('GET', '/v1/accounts', { token: secondToken })).statusCode).toBe(401);

    // The readable form: a table with both clients and their status.
    const table = await cardepass(['admin', 'clients', 'list', '--customer', c.customerId, '--url', url, '--admin-key', p.adminKey]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CLIENT ID\s+STATUS\s+CREATED$/);
    expect(lines.slice(1)).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${c.clientId}\\s+Active\\s`)),
      expect.stringMatching(new RegExp(`^${second.clientId}\\s+Revoked\\s`)),
    ]));

    expect(dataOf(await admin('customers', 'disable', c.customerId))).toMatchObject({ customerId: c.customerId, status: 'Disabled' });
    const refused = await p.api('GET', '/v1/accounts', { token: c.token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json.errorCode).toBe('CUSTOMER_DISABLED');

    expect(dataOf(await admin('customers', 'enable', c.customerId))).toMatchObject({ customerId: c.customerId, status: 'Active' });
    expect((await p.api('GET', '/v1/accounts', { token: c.token })).statusCode).toBe(200);
  });

  it('finds the admin key in ./data/admin.key, where serve writes it, and prints customers as a table', async () => {
    const c = await p.customer();
    const dir = await mkdtemp(path.join(tmpdir(), 'cardepass-cli-'));
    try {
      await mkdir(path.join(dir, 'data'));
      await writeFile(path.join(dir, 'data', 'admin.key'), `${p.adminKey}\n`);
      const run = await cardepass(['admin', 'customers', 'list', '--url', url], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^CUSTOMER ID\s+STATUS\s+CREATED\s+NAME\n/);
      expect(run.stdout).toMatch(new RegExp(`^${c.customerId}\\s+Active\\s`, 'm'));
      // A page at a time, searched: --json answers the page object.
      const found = await cardepass(['admin', 'customers', 'list', '--url', url, '--search', c.customerId, '--json'], { cwd: dir });
      expect(found.code, found.stderr).toBe(0);
      expect(JSON.parse(found.stdout)).toMatchObject({ pageNumber: 1, totalRecords: 1, data: [{ customerId: c.customerId, status: 'Active' }] });
      const badPage = await cardepass(['admin', 'customers', 'list', '--url', url, '--page', '0'], { cwd: dir });
      expect(badPage.code).not.toBe(0);
      expect(badPage.stderr).toContain('--page');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ledger verify exits 0 on a clean ledger and 1, listing the problems, when a balance is off', async () => {
    const clean = await cardepass(['admin', 'ledger', 'verify', '--url', url, '--admin-key', p.adminKey]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^Ledger OK: \d+ entries and \d+ accounts checked\n$/);

    // Corrupt one funding balance behind the ledger's back, then put it back.
    const c = await p.customer({ USD: '10' });
    const account = await p.store.db.selectFrom('ledger_accounts').select(['id', 'balance_minor'])
      .where('customer_id', '=', c.customerId).where('kind', '=', 'funding').where('currency', '=', 'USD').executeTakeFirstOrThrow();
    const setBalance = (balance: bigint) => p.store.db.updateTable('ledger_accounts').set({ balance_minor: balance }).where('id', '=', account.id).execute();
    await setBalance(BigInt(account.balance_minor) + 1n);
    try {
      const broken = await admin('ledger', 'verify');
      expect(broken.code).toBe(1);
      const result = JSON.parse(broken.stdout);
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual(expect.stringContaining('balance differs from its postings'));
      expect(broken.stderr).toMatch(/ledger does not verify/);
    } finally {
      await setBalance(BigInt(account.balance_minor));
    }
    await p.expectLedgerClean();
  });

  it('fails with one clear line: wrong key, unreachable server, invalid amount, no key at all', async () => {
    const c = await p.customer();
    const port = await closedPort();
    const emptyDir = await mkdtemp(path.join(tmpdir(), 'cardepass-cli-'));
    try {
      const [wrongKey, unreachable, badAmount, noKey] = await Promise.all([
        cardepass(['admin', 'customers', 'list', '--url', url, '--admin-key', 'not-the-key', '--json']),
        cardepass(['admin', 'customers', 'list', '--url', `http://127.0.0.1:${port}`, '--admin-key', p.adminKey]),
        admin('deposit', '--customer', c.customerId, '--currency', 'USD', '--amount', 'ten'),
        cardepass(['admin', 'customers', 'list', '--url', url], { cwd: emptyDir }),
      ]);
      expectCleanFailure(wrongKey, /^cardepass: ADMIN_UNAUTHORIZED: A valid admin key is required \(HTTP 401, responseId [\w-]+\)$/);
      expectCleanFailure(unreachable, new RegExp(`^cardepass: cannot reach the Cardepass server at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
      expectCleanFailure(badAmount, /^cardepass: INVALID_AMOUNT: Invalid amount 'amount'/);
      expectCleanFailure(noKey, /^cardepass: no admin key: pass --admin-key, set CARDEPASS_ADMIN_KEY/);
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});

describe('cardepass migrate', SUITE_OPTIONS, () => {
  it('migrates a fresh PGlite data directory and reports {ok: true} as JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cardepass-migrate-'));
    try {
      const dataDir = path.join(dir, 'data');
      const run = await cardepass(['migrate', '--json'], { env: { CARDEPASS_DATA_DIR: dataDir }, cwd: dir });
      const result = dataOf(run);
      expect(result.ok).toBe(true);
      expect(result.applied.length).toBeGreaterThan(0);
      // The admin key `cardepass admin` falls back to is created along with the database.
      expect(existsSync(path.join(dataDir, 'admin.key'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
