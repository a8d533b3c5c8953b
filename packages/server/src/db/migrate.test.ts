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
});
