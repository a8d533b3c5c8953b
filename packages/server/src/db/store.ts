import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './types.ts';

const INT8_OID = 20;

/** The database, embedded (PGlite) or a PostgreSQL server, behind one Kysely instance and one SQL dialect. */
export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /** Parameterized query outside Kysely's builder (migrations, checks). */
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Several statements in one round trip (migrations); rolls back an open transaction on failure. */
  execScript(text: string): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined means in memory. */
  pgliteDir?: string | undefined;
  poolSize?: number;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPGlite(options.pgliteDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // bigint columns carry money: parse them as BigInt, never as a JS number.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? BigInt : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    query: async (text, params = []) => (await pool.query(text, params)) as never,
    execScript: async (text) => {
      const client = await pool.connect();
      try {
        await client.query(text);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => { await db.destroy(); },
  };
}

async function openPGlite(dir: string | undefined): Promise<Store> {
  if (dir) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir ?? 'memory://', { parsers: { [INT8_OID]: (value: string) => BigInt(value) } });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  // Scripts go through Kysely's connection queue so they never interleave with a transaction.
  const withConnection = <T>(fn: () => Promise<T>) => db.connection().execute(async () => fn());
  return {
    kind: 'pglite',
    db,
    query: (text, params = []) => withConnection(() => pglite.query(text, params)) as never,
    execScript: (text) => withConnection(async () => {
      try {
        await pglite.exec(text);
      } catch (error) {
        await pglite.exec('ROLLBACK').catch(() => {});
        throw error;
      }
    }),
    close: async () => { await db.destroy(); await pglite.close(); },
  };
}
