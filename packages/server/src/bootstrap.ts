import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import { openStore, type Store } from './db/store.ts';
import { migrate } from './db/migrate.ts';
import { loadOrCreateSecretFile, newAdminKey, newDataKeyText, parseDataKey } from './lib/key-files.ts';

export interface PlatformKeys { jwt: Buffer; dataKey: Buffer; adminKey: string }

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in the data directory. */
export async function openConfiguredStore(config: Config): Promise<Store> {
  // The data directory holds keys and (embedded) the database: private to its owner from the start.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return openStore({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite'), poolSize: config.dbPoolSize });
}

/**
 * The keys of this installation. The admin key and the data key come from the
 * environment or from 0600 files in the data directory (created on first
 * start); the token signing key lives in the database so that every API
 * process on one PostgreSQL signs and verifies with the same key.
 */
export async function loadKeys(config: Config, store: Store): Promise<PlatformKeys & { adminKeyCreated: boolean }> {
  const admin = config.adminKey ? { value: config.adminKey, created: false } : loadOrCreateSecretFile(config.dataDir, 'admin.key', newAdminKey);
  const dataKeyText = config.dataKey ?? loadOrCreateSecretFile(config.dataDir, 'data.key', newDataKeyText).value;
  await sql`INSERT INTO settings (key, value) VALUES ('jwt_signing_key', ${randomBytes(32).toString('base64')}) ON CONFLICT (key) DO NOTHING`.execute(store.db);
  const row = await store.db.selectFrom('settings').select('value').where('key', '=', 'jwt_signing_key').executeTakeFirstOrThrow();
  return { jwt: Buffer.from(row.value, 'base64'), dataKey: parseDataKey(dataKeyText), adminKey: admin.value, adminKeyCreated: admin.created };
}

/** Store opened, migrations applied, keys loaded: what `serve` and `migrate` start from. */
export async function openPlatform(config: Config) {
  const store = await openConfiguredStore(config);
  try {
    const migrations = await migrate(store);
    const keys = await loadKeys(config, store);
    return { store, keys, migrations };
  } catch (error) {
    await store.close();
    throw error;
  }
}
