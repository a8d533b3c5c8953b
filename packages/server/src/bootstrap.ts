import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { openStore, type Store } from './db/store.ts';
import { migrate } from './db/migrate.ts';
import { loadOrCreateSecretFile, newAdminKey, newDataKeyText, parseDataKey } from './lib/key-files.ts';
import type { KeyMaterial } from './services/keys/platform-keyring.ts';

export type PlatformKeys = Required<Omit<KeyMaterial, 'jwt'>>;

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in the data directory. */
export async function openConfiguredStore(config: Config): Promise<Store> {
  // The data directory holds keys and (embedded) the database: private to its owner from the start.
  // With PostgreSQL nothing is written before the database answers (key files are created after migrating).
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return openStore({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite'), poolSize: config.dbPoolSize, preparedStatements: config.dbPreparedStatements });
}

/**
 * The keys this process starts with. The master data key and the admin key
 * come from the environment or from 0600 files in the data directory (created
 * on first start). Everything rotatable lives in the database, so that every
 * process on one PostgreSQL uses the same keys: the JWT signing keys, the
 * wrapped data keys, and the admin key's hash, which the configured admin key
 * seeds when the database has none (services/keys/).
 */
export async function loadKeys(config: Config, _store?: Store): Promise<PlatformKeys & { adminKeyCreated: boolean }> {
  const admin = config.adminKey ? { value: config.adminKey, created: false } : loadOrCreateSecretFile(config.dataDir, 'admin.key', newAdminKey);
  const dataKeyText = config.dataKey ?? loadOrCreateSecretFile(config.dataDir, 'data.key', newDataKeyText).value;
  return { dataKey: parseDataKey(dataKeyText), adminKey: admin.value, adminKeySource: config.adminKey ? 'env' : 'file', adminKeyCreated: admin.created };
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
