// Admin key rotation: the new key is answered once, the old one is refused by
// every process from the next request on, admin.key is rewritten when the key
// came from it, and a process started with an outdated key says so without
// printing any key.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeysPlatform, type KeysPlatform, type KeysProcess } from '../../../test/keys-kit.ts';
import { sha256Hex } from '../../lib/crypto.ts';

/** A logger that keeps every line, to check what a process logs (and never logs). */
function capturedLogger(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { lines, logger: { level, stream } };
}

describe('POST /admin/v1/keys/admin/rotate', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardepass-admin-rotate-'));
  let k: KeysPlatform;
  let other: KeysProcess;
  beforeAll(async () => {
    // The first process's key came from <dataDir>/admin.key, as `cardepass serve` without CARDEPASS_ADMIN_KEY.
    k = await createKeysPlatform({ config: { dataDir }, keys: { adminKeySource: 'file' } });
    other = await k.start({ keys: { adminKeySource: 'env' } });
  }, 120_000);
  afterAll(async () => {
    await k?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the new key once; every process refuses the old key at once and accepts the new one', async () => {
    const capture = capturedLogger();
    const logged = await k.start({ keys: { adminKeySource: 'file' }, logger: capture.logger });
    const rotated = await logged.admin('POST', '/keys/admin/rotate');
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const { adminKey, keyFile, environmentOutdated } = rotated.json.data;
    expect(adminKey).toMatch(/^cdpadm_[A-Za-z0-9_-]{43}$/);
    expect(environmentOutdated).toBe(false);

    // The key file the process read its key from now holds the new one, owner-only.
    expect(keyFile).toBe(path.join(dataDir, 'admin.key'));
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(adminKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    for (const through of [k.first, other, logged]) {
      const old = await through.admin('GET', '/customers');
      expect(old.statusCode).toBe(401);
      expect(old.json.errorCode).toBe('ADMIN_UNAUTHORIZED');
      expect((await through.admin('GET', '/customers', { key: adminKey })).statusCode).toBe(200);
    }
    // The database holds hashes only; the logs hold no key.
    const stored = await sql<{ key_sha256: string; status: string }>`SELECT key_sha256, status FROM admin_keys ORDER BY created_at`.execute(k.store.db);
    expect(stored.rows).toEqual([{ key_sha256: sha256Hex(k.adminKey), status: 'replaced' }, { key_sha256: sha256Hex(adminKey), status: 'active' }]);
    expect(capture.lines.join('')).toContain('admin key rotated');
    expect(capture.lines.join('')).not.toContain(adminKey);
    expect(capture.lines.join('')).not.toContain(k.adminKey);

    // Rotating again from a process given its key in CARDEPASS_ADMIN_KEY: the answer says the variable is now outdated.
    const again = await other.admin('POST', '/keys/admin/rotate', { key: adminKey });
    expect(again.json.data).toMatchObject({ keyFile: null, environmentOutdated: true });
    expect((await k.first.admin('GET', '/customers', { key: adminKey })).statusCode).toBe(401);
    expect((await k.first.admin('GET', '/customers', { key: again.json.data.adminKey })).statusCode).toBe(200);
  });

  it('a process started with a replaced key logs that CARDEPASS_ADMIN_KEY is outdated, refuses it, and prints no key', async () => {
    const capture = capturedLogger('warn');
    const stale = await k.start({ keys: { adminKeySource: 'env' }, logger: capture.logger });
    expect(stale.app.ctx.keyring.adminKeyAtStart).toBe('outdated');
    const text = capture.lines.join('');
    expect(text).toMatch(/CARDEPASS_ADMIN_KEY is outdated: it was replaced at .* by a rotation/);
    expect(text).not.toContain(k.adminKey);
    expect((await stale.admin('GET', '/customers')).statusCode).toBe(401);

    const unknown = capturedLogger('warn');
    const stranger = await k.start({ keys: { adminKey: 'some-other-key', adminKeySource: 'file' }, logger: unknown.logger });
    expect(stranger.app.ctx.keyring.adminKeyAtStart).toBe('unknown');
    expect(unknown.lines.join('')).toContain(`${path.join(dataDir, 'admin.key')} is outdated: it is not the active admin key`);
    expect(unknown.lines.join('')).not.toContain('some-other-key');
  });

  it('needs the current admin key', async () => {
    const refused = await k.first.admin('POST', '/keys/admin/rotate', { key: 'guess' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json.errorCode).toBe('ADMIN_UNAUTHORIZED');
    expect(refused.body).not.toMatch(/cdpadm_/);
    const active = await sql<{ n: number }>`SELECT count(*)::int AS n FROM admin_keys WHERE status = 'active'`.execute(k.store.db);
    expect(active.rows[0]!.n).toBe(1);
  });
});
