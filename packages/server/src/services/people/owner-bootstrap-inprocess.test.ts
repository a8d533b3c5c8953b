// The owner bootstrap through serve() in this process (the banner test's way), for when
// the build the child-process test needs is not at hand: same promises, same data directory rules.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { serve } from '../../serve.ts';
import { testDatabaseUrl } from '../../../test/database.ts';

describe('owner bootstrap through serve()', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardepass-owner-inproc-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the owner once, prints its password once, keeps it 0600; a restart says where it is', async () => {
    const config = loadConfig({ CARDEPASS_OWNER_EMAIL: 'chief@example.test' }, { dataDir, databaseUrl: await testDatabaseUrl(), port: 0, logLevel: 'silent' });
    const lines: string[] = [];
    const first = await serve(config, (line) => lines.push(line));
    try {
      const text = lines.join('\n');
      const password = /Owner password: (\S+) /.exec(text)![1]!;
      expect(text).toContain('Owner:         chief@example.test');
      expect(text).toMatch(/Console: +http:\/\/\S+\/console/);
      const file = path.join(dataDir, 'owner.password');
      expect(readFileSync(file, 'utf8').trim()).toBe(password);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const signIn = await fetch(`${first.url}/admin/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'chief@example.test', password }),
      });
      expect(signIn.status).toBe(200);
      expect((await first.app.ctx.users.ensureOwner('someone-else@example.test'))).toBeNull();
      const audit = await first.app.ctx.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_type: 'system' });
      await first.stop();
      if (config.databaseUrl) {
        // PostgreSQL keeps the owner across starts: the second start prints where the password is, not it.
        const again: string[] = [];
        const second = await serve(config, (line) => again.push(line));
        await second.stop();
        expect(again.join('\n')).toContain(`Owner password: in ${file}`);
        expect(again.join('\n')).not.toContain(password);
      }
    } finally { await first.stop(); }
  });
});
