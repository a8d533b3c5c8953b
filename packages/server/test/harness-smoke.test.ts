// The harness's own test: proves each project reaches its database backend.
// Test names must not mention the backend: scripts/test.mjs checks that both
// projects ran the same tests, matching them by file and name.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { expect, test } from 'vitest';
import { currentDbKind, testDatabaseUrl } from './database.ts';

test('the project database answers select 1', async () => {
  const url = await testDatabaseUrl();

  if (currentDbKind() === 'pglite') {
    expect(url).toBeUndefined();
    const db = new PGlite();
    try {
      const { rows } = await db.query<{ one: number }>('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
    return;
  }

  expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/t_[0-9a-f]{16}$/);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ one: number; db: string; ver: string }>(
      "select 1 as one, current_database() as db, current_setting('server_version_num') as ver",
    );
    expect(rows[0]?.one).toBe(1);
    // We are connected to the per-file database, not the shared admin one.
    expect(`/${rows[0]?.db}`).toBe(new URL(url!).pathname);
    expect(Number(rows[0]?.ver)).toBeGreaterThanOrEqual(150000);
  } finally {
    await client.end();
  }
});
