import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './types.ts';

const INT8_OID = 20;

/** Anything Kysely can compile: a `sql` template or a query builder. */
export interface Compilable { compile(db: Kysely<DB>): CompiledQuery }

// The statement's name is a digest of its text, so one name never means two statements. Remembered
// per text: the hot paths send the same few statements thousands of times a second.
const STATEMENT_NAMES_LIMIT = 1000;
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    if (statementNames.size >= STATEMENT_NAMES_LIMIT) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/** Runs one statement inside a unit of work (see Store.transaction). */
export type StatementRunner = <R>(query: Compilable) => Promise<R[]>;

/** The database, embedded (PGlite) or a PostgreSQL server, behind one Kysely instance and one SQL dialect. */
export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /** Parameterized query outside Kysely's builder (migrations, checks). */
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /**
   * A hot-path statement, prepared once per connection (PostgreSQL parses and
   * plans it once instead of on every call). Not for use inside a transaction.
   */
  prepared<R>(query: Compilable): Promise<R[]>;
  /**
   * One transaction whose statements are prepared once per connection, like
   * `prepared`: for hot paths that need several statements under one set of
   * row locks. Commits when `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: (run: StatementRunner) => Promise<T>): Promise<T>;
  /** Several statements in one round trip (migrations); rolls back an open transaction on failure. */
  execScript(text: string): Promise<void>;
  /** Connections now: for the /metrics gauges (PGlite is one connection; `waiting` counts queries queued for it). */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export interface PoolStats { total: number; idle: number; waiting: number }

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined means in memory. */
  pgliteDir?: string | undefined;
  poolSize?: number;
  /**
   * Name hot-path statements so PostgreSQL prepares them once per connection (default). Off for a
   * pooler that lends a different server connection per transaction without tracking prepared
   * statements (PgBouncer < 1.21 in transaction mode): unnamed statements are parsed every time.
   */
  preparedStatements?: boolean;
}

const IDLE_CONNECTION_TIMEOUT_MS = 300_000;

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10, options.preparedStatements ?? true) : openPGlite(options.pgliteDir);
}

// Each driver is loaded only when the configuration picks it: a PostgreSQL process never loads
// PGlite's engine, an embedded one never loads pg (start-up time, see schema-compilers.ts).
async function openPostgres(url: string, poolSize: number, preparedStatements: boolean): Promise<Store> {
  const { default: pg } = await import('pg');
  const statementOf = (compiled: CompiledQuery) =>
    ({ name: preparedStatements ? statementName(compiled.sql) : undefined, text: compiled.sql, values: [...compiled.parameters] });
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // pg's default closes a connection after 10 s idle. Under load only the few connections that a batch
    // or a burst last needed go idle that long, and the next burst reopened them: a new backend (a fork,
    // empty catalog caches, every statement prepared again) about once a second during card reads. Kept
    // for five minutes, the pool stays warm under any sustained load and still shrinks after a peak.
    idleTimeoutMillis: IDLE_CONNECTION_TIMEOUT_MS,
    // bigint columns carry money: parse them as BigInt, never as a JS number.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? BigInt : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    query: async (text, params = []) => (await pool.query(text, params)) as never,
    prepared: async <R>(query: Compilable) => {
      return (await pool.query(statementOf(query.compile(db)))).rows as R[];
    },
    transaction: async (work) => {
      const client = await pool.connect();
      let broken = false;
      try {
        // Plans are made for each execution's values: a generic plan, which PostgreSQL may switch a
        // prepared statement to, cannot see how few rows an array parameter names and can scan whole
        // tables. Parsing is still saved. One round trip: the simple protocol takes both statements.
        await client.query('BEGIN; SET LOCAL plan_cache_mode = force_custom_plan');
        const result = await work(async <R>(query: Compilable) => {
          return (await client.query(statementOf(query.compile(db)))).rows as R[];
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query('ROLLBACK').catch(() => { broken = true; });
        throw error;
      } finally {
        client.release(broken);
      }
    },
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
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => { await db.destroy(); },
  };
}

// A fresh in-memory cluster's data directory, dumped once per process. PGlite runs initdb on every
// new cluster (about a second of CPU, most of an in-memory store's start); later in-memory stores
// in the same process (the test suites open hundreds) start from this copy instead, which is the
// same empty cluster initdb would make. Never holds data: it is taken before the first statement.
let freshClusterDump: Promise<File | Blob> | undefined;

async function createPGlite(dir: string | undefined) {
  const { PGlite } = await import('@electric-sql/pglite');
  const options = { parsers: { [INT8_OID]: (value: string) => BigInt(value) } };
  if (dir) {
    mkdirSync(dir, { recursive: true });
    return PGlite.create(dir, options);
  }
  if (freshClusterDump) {
    const loadDataDir = await freshClusterDump.catch(() => undefined);
    if (loadDataDir) return PGlite.create('memory://', { ...options, loadDataDir });
  }
  const pglite = await PGlite.create('memory://', options);
  freshClusterDump ??= pglite.dumpDataDir('none');
  await freshClusterDump.catch(() => { freshClusterDump = undefined; });
  return pglite;
}

async function openPGlite(dir: string | undefined): Promise<Store> {
  const pglite = await createPGlite(dir);
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<DB>({ dialect });
  // Scripts go through Kysely's connection queue so they never interleave with a transaction.
  const withConnection = <T>(fn: () => Promise<T>) => db.connection().execute(async () => fn());
  return {
    kind: 'pglite',
    db,
    query: (text, params = []) => withConnection(() => pglite.query(text, params)) as never,
    // In process there is no round trip to save; PGlite runs it as is.
    prepared: async <R>(query: Compilable) => {
      const compiled = query.compile(db);
      return (await withConnection(() => pglite.query<R>(compiled.sql, [...compiled.parameters]))).rows;
    },
    // In process there is nothing to prepare: a Kysely transaction, which holds the one connection throughout.
    transaction: (work) => db.transaction().execute((trx) => work(async <R>(query: Compilable) => (await trx.executeQuery<R>(query.compile(db))).rows as R[])),
    execScript: (text) => withConnection(async () => {
      try {
        await pglite.exec(text);
      } catch (error) {
        await pglite.exec('ROLLBACK').catch(() => {});
        throw error;
      }
    }),
    poolStats: () => dialect.stats(),
    close: async () => { await db.destroy(); await pglite.close(); },
  };
}
