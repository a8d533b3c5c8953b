import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.ts';
import { migrate, MIGRATIONS } from './migrate.ts';
import { currentDbKind, testDatabaseUrl } from '../../test/database.ts';

describe('migrate', () => {
  const stores: Store[] = [];
  afterAll(async () => { for (const store of stores) await store.close(); });

  it('applies each migration once when processes start together, and is a no-op afterwards', async () => {
    const url = await testDatabaseUrl();
    // PostgreSQL: two processes' stores on one database. PGlite is one process: the same store twice.
    const first = await openStore({ databaseUrl: url });
    stores.push(first);
    const second = currentDbKind() === 'postgres' ? await openStore({ databaseUrl: url }) : first;
    if (second !== first) stores.push(second);
    const results = await Promise.all([migrate(first), migrate(second), migrate(first)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => `${m.version}_${m.name}`));
    expect((await migrate(second)).applied).toEqual([]);
    const { rows } = await first.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe(MIGRATIONS.length);
  });

  it('lets the trigger functions plan their own statements once per connection, not on every call', async () => {
    const store = await openStore({ databaseUrl: await testDatabaseUrl() });
    stores.push(store);
    await migrate(store);
    // Store.transaction forces custom plans for its statements; these functions must not inherit it.
    const { rows } = await store.query<{ name: string; config: string[] | null }>(`
      SELECT p.proname AS name, p.proconfig AS config FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
        AND p.proname <> ALL ('{cardepass_abort,cardepass_audit_append_only}') ORDER BY 1`);
    expect(rows.map((r) => r.name)).toEqual(['cardepass_audit_chain', 'cardepass_card_event', 'cardepass_deposit_event',
      'cardepass_emit_event', 'cardepass_order_event', 'cardepass_transaction_event']);
    for (const row of rows) expect(row.config, row.name).toEqual(['plan_cache_mode=auto']);
  });
});
