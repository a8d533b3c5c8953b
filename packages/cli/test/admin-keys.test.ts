// `cardepass admin keys …` end to end: the real server listening on a free
// port, the CLI as a real child process, the database checked directly.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { CardReencryption } from '../../server/src/services/keys/card-reencryption.ts';
import { cardepass, dataOf, expectCleanFailure, SUITE_OPTIONS } from './cli-runner.ts';

const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;

describe('cardepass admin keys', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let url: string;
  let c: TestCustomer;
  const cards = new Map<string, { cardNumber: string; cvv: string }>();
  const keys = (adminKey: string, ...args: string[]) => cardepass(['admin', 'keys', ...args, '--url', url, '--admin-key', adminKey]);
  const readCard = async (cardId: string) => {
    const card = (await p.api('GET', `/v1/cards/${cardId}`, { token: c.token })).json.data;
    return { cardNumber: card.cardNumber, cvv: card.cvv };
  };

  beforeAll(async () => {
    p = await createTestPlatform();
    url = await p.app.listen({ host: '127.0.0.1', port: 0 });
    c = await p.customer({ USD: '1000' });
    for (let i = 0; i < 4; i++) {
      const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' } });
      expect(apply.json.data.status, apply.body).toBe('Completed');
      const cardId = apply.json.data.cardInfos[0].cardId;
      cards.set(cardId, await readCard(cardId));
    }
  }, 120_000);
  afterAll(async () => { await p?.close(); });

  it('rotate-jwt: new tokens carry the new kid, old ones still work; status lists both keys', async () => {
    const oldToken = c.token;
    const rotated = dataOf(await keys(p.adminKey, 'rotate-jwt', '--json'));
    expect(rotated.previousKid).toBe(kidOf(oldToken));
    const fresh = await p.token(c.clientId, c.clientSecret);
    expect(kidOf(fresh)).toBe(rotated.kid);
    for (const token of [oldToken, fresh]) expect((await p.api('GET', '/v1/ping', { token })).statusCode).toBe(200);

    const status = await keys(p.adminKey, 'status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^${rotated.kid}\\s+active\\s`, 'm'));
    expect(status.stdout).toMatch(new RegExp(`^${rotated.previousKid}\\s+retiring\\s+\\S+\\s+${rotated.previousRetireAt}$`, 'm'));
    expect(status.stdout).toMatch(/^currentVersion: +0$/m);
  });

  it('rotate-data-key: re-encrypts every card and waits for it; run again after a crash, it resumes', async () => {
    const first = await keys(p.adminKey, 'rotate-data-key');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Data key version 1 added: new cards use it now; re-encrypting 4 card\(s\)/);
    expect(first.stdout).toMatch(/^remaining: +0$/m);
    expect(first.stdout).toMatch(/^cardsByVersion: +v1: 4$/m);
    for (const [cardId, before] of cards) expect(await readCard(cardId)).toEqual(before);

    // A server-side run that dies after one batch of 1 card, as a crash mid-way would leave it.
    await p.app.ctx.keyring.data.rotate();
    const crashing = new CardReencryption(p.store, p.app.ctx.keyring.data, p.app.log, {
      batchSize: 1, settle_ms: 0, afterBatch: () => { throw new Error('simulated crash'); },
    });
    await expect(crashing.run()).rejects.toThrow('simulated crash');
    expect(dataOf(await keys(p.adminKey, 'status', '--json')).data).toMatchObject({ currentVersion: 2, remaining: 3 });

    const resumed = dataOf(await keys(p.adminKey, 'rotate-data-key', '--json'));
    expect(resumed).toMatchObject({ rotated: false, currentVersion: 2, remaining: 0, cardsByVersion: [{ version: 2, cards: 4 }] });
    for (const [cardId, before] of cards) expect(await readCard(cardId)).toEqual(before);
  });

  it('fails with one clear line on a wrong admin key', async () => {
    for (const command of ['rotate-jwt', 'rotate-data-key', 'rotate-admin', 'status']) {
      expectCleanFailure(await keys('not-the-key', command), /^cardepass: ADMIN_UNAUTHORIZED: A valid admin key is required/);
    }
  });

  it('rotate-admin: prints the new key once, rewrites the admin.key it read, and the old key is refused at once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cardepass-keys-'));
    try {
      await mkdir(path.join(dir, 'data'));
      const keyFile = path.join(dir, 'data', 'admin.key');
      await writeFile(keyFile, `${p.adminKey}\n`, { mode: 0o600 });
      const run = await cardepass(['admin', 'keys', 'rotate-admin', '--url', url], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const newKey = /^adminKey: +(cdpadm_\S+)$/m.exec(run.stdout)?.[1];
      expect(newKey).toBeDefined();
      expect(run.stdout).toMatch(new RegExp(`^keyFile: +${keyFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      expect(run.stderr).toMatch(/only time the new admin key is shown/);
      expect((await readFile(keyFile, 'utf8')).trim()).toBe(newKey);
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

      expectCleanFailure(await cardepass(['admin', 'customers', 'list', '--url', url, '--admin-key', p.adminKey]), /ADMIN_UNAUTHORIZED/);
      const listed = await cardepass(['admin', 'customers', 'list', '--url', url], { cwd: dir });
      expect(listed.code, listed.stderr).toBe(0);

      // Given the key on the command line, there is no file to update: the CLI says where the key must go.
      const again = await keys(newKey!, 'rotate-admin', '--json');
      const data = dataOf(again);
      expect(data).toMatchObject({ adminKey: expect.stringMatching(/^cdpadm_/), keyFile: null, environmentOutdated: false });
      const plain = await keys(data.adminKey, 'rotate-admin');
      expect(plain.stderr).toMatch(/Set CARDEPASS_ADMIN_KEY to the new key/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
