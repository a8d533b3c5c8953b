// The start-up banner prints an admin key only when the platform generated it
// on this start: never a key the operator supplied in CARDEPASS_ADMIN_KEY
// (not even on the first, seeding start), and never on a restart.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { serve, type RunningPlatform } from './serve.ts';
import { testDatabaseUrl } from '../test/database.ts';

describe('serve banner', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardepass-banner-'));
  const running: RunningPlatform[] = [];
  afterAll(async () => {
    for (const platform of running) await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not print an operator-supplied CARDEPASS_ADMIN_KEY, even on the first start that seeds the demo data', async () => {
    const operatorKey = `operator-${randomBytes(16).toString('hex')}`;
    const config = loadConfig({ CARDEPASS_ADMIN_KEY: operatorKey }, { dataDir, databaseUrl: await testDatabaseUrl(), port: 0, logLevel: 'silent' });
    const lines: string[] = [];
    const platform = await serve(config, (line) => lines.push(line));
    running.push(platform);
    const text = lines.join('\n');
    // The demo data was seeded on this start (the old bug printed the key whenever it was)…
    expect(text).toContain('Demo customer:');
    // …but the key is the operator's: not printed, not written to a file.
    expect(text).not.toContain(operatorKey);
    expect(text).not.toMatch(/Admin key/);
    expect(existsSync(path.join(dataDir, 'admin.key'))).toBe(false);

    // The key works: it was seeded into the database as the active admin key.
    const customers = await fetch(`${platform.url}/admin/v1/customers`, { headers: { 'x-admin-key': operatorKey } });
    expect(customers.status).toBe(200);
    await platform.stop();
    running.splice(running.indexOf(platform), 1);
  });
});
