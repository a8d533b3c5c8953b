// Per-test-file database selection. Every suite runs twice (projects `pglite`
// and `postgres`, see /vitest.config.ts); tests call testDatabaseUrl() and pass
// the result to the server, which falls back to in-memory PGlite on undefined.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
// Type-only import so ProvidedContext['pgUrl'] is declared wherever this is used.
import type {} from './global-setup.ts';

export type DbKind = 'pglite' | 'postgres';

/** Which backend the current project targets (set by test.env in vitest.config.ts). */
export function currentDbKind(): DbKind {
  const kind = process.env.CARDEPASS_TEST_DB;
  if (kind === 'pglite' || kind === 'postgres') return kind;
  // Refuse to guess: defaulting to pglite would let a misconfigured run
  // silently skip PostgreSQL entirely.
  throw new Error(
    `CARDEPASS_TEST_DB is ${JSON.stringify(kind)}; run tests through the root vitest.config.ts (npm test)`,
  );
}

/**
 * postgres project: creates a fresh, empty database in the shared cluster and
 * returns its URL, so test files (which run in parallel) never see each
 * other's rows. Call it once per file (beforeAll) or per test for more isolation.
 * pglite project: returns undefined, meaning "use an in-memory PGlite".
 */
export async function testDatabaseUrl(): Promise<string | undefined> {
  if (currentDbKind() === 'pglite') return undefined;

  const adminUrl = inject('pgUrl');
  if (!adminUrl) throw new Error('pgUrl was not provided: is packages/server/test/global-setup.ts the globalSetup?');

  // Unquoted lowercase identifier: safe to interpolate, no quoting games.
  const name = `t_${randomBytes(8).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  // No DROP: the whole cluster is deleted at the end of the run.
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
