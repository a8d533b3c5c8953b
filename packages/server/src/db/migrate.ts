import type { Store } from './store.ts';
import * as initial from './migrations/001_initial.ts';
import * as cardTransactions from './migrations/002_card_transactions.ts';
import * as keyRotation from './migrations/003_key_rotation.ts';
import * as authFailures from './migrations/004_auth_failures.ts';
import * as events from './migrations/005_events.ts';
import * as people from './migrations/006_people.ts';
import * as adminIndexes from './migrations/007_admin_indexes.ts';
import * as triggerPlans from './migrations/008_trigger_plans.ts';

/** Versioned migrations, applied in order, each in its own transaction. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; up: string }> = [
  { version: 1, name: 'initial', up: initial.up },
  { version: 2, name: 'card_transactions', up: cardTransactions.up },
  { version: 3, name: 'key_rotation', up: keyRotation.up },
  { version: 4, name: 'auth_failures', up: authFailures.up },
  { version: 5, name: 'events', up: events.up },
  { version: 6, name: 'people', up: people.up },
  { version: 7, name: 'admin_indexes', up: adminIndexes.up },
  { version: 8, name: 'trigger_plans', up: triggerPlans.up },
];

// Any fixed number: processes starting together on one PostgreSQL wait for each other here.
const MIGRATION_LOCK_KEY = 7_363_001;

export async function migrate(store: Store): Promise<{ applied: string[] }> {
  const applied: string[] = [];
  // Under the lock too: two processes creating the table at once would collide.
  await store.execScript(`BEGIN;
    SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
    COMMIT;`);
  for (const migration of MIGRATIONS) {
    if (await isApplied(store, migration.version)) continue;
    const appliedHere = await store.execScript(`BEGIN;
      SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
      ${migration.up}
      INSERT INTO schema_migrations (version, name) VALUES (${migration.version}, '${migration.name}');
      COMMIT;`).then(() => true, async (error: unknown) => {
      // Another process applied it while we waited for the lock: our DDL failed and was rolled back.
      if (await isApplied(store, migration.version)) return false;
      throw error;
    });
    if (appliedHere) applied.push(`${migration.version}_${migration.name}`);
  }
  return { applied };
}

async function isApplied(store: Store, version: number): Promise<boolean> {
  const { rows } = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations WHERE version = $1', [version]);
  return (rows[0]?.n ?? 0) > 0;
}
