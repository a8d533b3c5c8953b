import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from './store.ts';
import { migrate } from './migrate.ts';
import { testDatabaseUrl } from '../../test/database.ts';

describe('Store.transaction', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: await testDatabaseUrl(), poolSize: 2 });
    await migrate(store);
    await store.query(`CREATE TABLE IF NOT EXISTS tx_probe (id int PRIMARY KEY, note text)`);
  });
  afterAll(async () => {
    await store.query('DROP TABLE IF EXISTS tx_probe');
    await store.close();
  });

  const count = async () => (await store.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_probe')).rows[0]!.n;

  it('commits every statement of the work together', async () => {
    const ids = await store.transaction(async (run) => {
      await run(sql`INSERT INTO tx_probe (id, note) VALUES (${1}, ${'a'})`);
      return run<{ id: number }>(sql`INSERT INTO tx_probe (id, note) VALUES (${2}, ${'b'}) RETURNING id`);
    });
    expect(ids).toEqual([{ id: 2 }]);
    expect(await count()).toBe(2);
  });

  it('rolls every statement back when the work throws, and the connection stays usable', async () => {
    await expect(store.transaction(async (run) => {
      await run(sql`INSERT INTO tx_probe (id, note) VALUES (${3}, ${'c'})`);
      await run(sql`INSERT INTO tx_probe (id, note) VALUES (${1}, ${'duplicate'})`);
    })).rejects.toMatchObject({ code: '23505' });
    await expect(store.transaction(async (run) => {
      await run(sql`INSERT INTO tx_probe (id, note) VALUES (${4}, ${'d'})`);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await count()).toBe(2);
    // More transactions than connections: each one's connection went back to the pool.
    for (let i = 0; i < 5; i++) await store.transaction((run) => run(sql`SELECT ${i}::int AS i`));
  });

  it('runs the same statement many times with new values (prepared once per connection)', async () => {
    const seen = [];
    for (let i = 10; i < 20; i++) {
      seen.push(...await store.transaction((run) => run<{ id: number }>(sql`INSERT INTO tx_probe (id, note) VALUES (${i}, ${'p'}) RETURNING id`)));
    }
    expect(seen.map((r) => r.id)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});
