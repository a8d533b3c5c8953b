// An installation from before key rotation: its settings signing key becomes
// the first kid, and tokens without a kid keep working until that key retires.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openStore, type Store } from '../store.ts';
import { migrate, MIGRATIONS } from '../migrate.ts';
import { signJwt, LEGACY_KID } from '../../lib/jwt.ts';
import { testDatabaseUrl } from '../../../test/database.ts';

describe('migration 003: key rotation on an existing installation', { timeout: 120_000 }, () => {
  let store: Store;
  const apps: Array<Awaited<ReturnType<typeof buildApp>>> = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    await store?.close();
  });

  it('keeps the settings key as kid "legacy": old tokens verify until it retires after a rotation', async () => {
    store = await openStore({ databaseUrl: await testDatabaseUrl() });
    // The database as the previous release left it: migrations 1 and 2, the signing key in settings.
    await store.execScript(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) {
      await store.execScript(`BEGIN; ${migration.up} INSERT INTO schema_migrations (version, name) VALUES (${migration.version}, '${migration.name}'); COMMIT;`);
    }
    const oldKey = randomBytes(32);
    await sql`INSERT INTO settings (key, value) VALUES ('jwt_signing_key', ${oldKey.toString('base64')})`.execute(store.db);

    expect((await migrate(store)).applied).toContain('3_key_rotation');
    const moved = await sql<{ kid: string; status: string }>`SELECT kid, status FROM jwt_signing_keys`.execute(store.db);
    expect(moved.rows).toEqual([{ kid: LEGACY_KID, status: 'active' }]);
    // The secret now lives in one place only.
    expect((await sql`SELECT 1 FROM settings WHERE key = 'jwt_signing_key'`.execute(store.db)).rows).toEqual([]);

    const config = loadConfig({}, { logLevel: 'silent', rateLimitPerSecond: 0, dataDir: '/nonexistent-test-data-dir' });
    const adminKey = `test-admin-${randomBytes(8).toString('hex')}`;
    const app = await buildApp({ config, store, keys: { dataKey: randomBytes(32), adminKey }, logger: false });
    apps.push(app);
    const admin = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url: `/admin/v1${url}`, headers: { 'x-admin-key': adminKey }, ...(payload ? { payload } : {}) });
    const created = (await admin('POST', '/customers', { name: 'Before rotation' })).json().data;
    const now = Math.floor(Date.now() / 1000);
    // A token as the previous release signed it: no kid in its header.
    const oldToken = signJwt(oldKey, { sub: created.customerId, client_id: created.clientId, scope: 'openapi', iat: now, exp: now + 600, jti: randomUUID() });
    expect(JSON.parse(Buffer.from(oldToken.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const ping = (token: string) => app.inject({ method: 'GET', url: '/openapi/v1/ping', headers: { authorization: `Bearer ${token}` } });
    expect((await ping(oldToken)).statusCode).toBe(200);

    const rotated = (await admin('POST', '/keys/jwt/rotate')).json().data;
    expect(rotated.previousKid).toBe(LEGACY_KID);
    expect((await ping(oldToken)).statusCode).toBe(200);

    await sql`UPDATE jwt_signing_keys SET retire_at = now() - interval '1 second' WHERE kid = ${LEGACY_KID}`.execute(store.db);
    const restarted = await buildApp({ config, store, keys: { dataKey: randomBytes(32), adminKey }, logger: false });
    apps.push(restarted);
    const refused = await restarted.inject({ method: 'GET', url: '/openapi/v1/ping', headers: { authorization: `Bearer ${oldToken}` } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().errorCode).toBe('INVALID_TOKEN');
  });
});
