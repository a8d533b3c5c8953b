// The first owner, through the real `cardepass serve` process: the banner shows its
// generated password once (saved 0600 beside admin.key), a second start creates no
// one and only says where the file is, and the password signs in over real HTTP.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../test/database.ts';
import { freePort } from '../../../test/pg-cluster.ts';
import { startServe, type ServeProcess } from '../../../test/serve-process.ts';

describe('owner bootstrap on first start', { timeout: 400_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardepass-owner-'));
  const running: ServeProcess[] = [];
  afterAll(async () => {
    for (const child of running) if (child.child.exitCode === null) { child.child.kill('SIGTERM'); await child.exited; }
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<ServeProcess> {
    const databaseUrl = await testDatabaseUrlOnce();
    const child = await startServe({
      CARDEPASS_DATA_DIR: dataDir, PORT: String(await freePort()), CARDEPASS_OWNER_EMAIL: 'Boss@Example.test',
      CARDEPASS_LOG_LEVEL: 'info', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    running.push(child);
    await child.waitForOutput((text) => /Owner password:/.test(text), 30_000);
    return child;
  }
  let databaseUrl: Promise<string | undefined> | undefined;
  const testDatabaseUrlOnce = () => (databaseUrl ??= testDatabaseUrl());

  it('prints the owner and password once, saves it 0600, never logs it; the next start does not recreate', async () => {
    const first = await start();
    const password = /Owner password: (\S+) /.exec(first.stdout())![1]!;
    expect(first.stdout()).toContain('Owner:         Boss@Example.test');
    expect(first.stdout()).toMatch(/Console: +http:\/\/\S+\/console/);
    const file = path.join(dataDir, 'owner.password');
    expect(readFileSync(file, 'utf8').trim()).toBe(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.stderr()).not.toContain(password);
    expect(first.stdout().split(password).length - 1).toBe(1);

    // The password signs in over real HTTP, case-insensitively by address.
    const signIn = await fetch(`${first.url}/admin/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'boss@example.test', password }),
    });
    expect(signIn.status).toBe(200);
    expect((await signIn.json()).data.user).toMatchObject({ role: 'owner', email: 'Boss@Example.test' });
    expect(signIn.headers.get('set-cookie')).toMatch(/^cardepass_session=.+HttpOnly.+SameSite=Strict/i);
    first.child.kill('SIGTERM');
    await first.exited;

    const second = await start();
    expect(second.stdout()).toContain(`Owner password: in ${file}`);
    expect(second.stdout()).not.toContain(password);
    expect(readFileSync(file, 'utf8').trim()).toBe(password);
    // Still one user, and the admin key keeps working beside it.
    const adminKey = readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
    const customers = await fetch(`${second.url}/admin/v1/customers`, { headers: { 'x-admin-key': adminKey } });
    expect(customers.status).toBe(200);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
