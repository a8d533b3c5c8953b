// The benchmark's PostgreSQL: the test suite's throwaway cluster, started
// durable (fsync and synchronous_commit on) so that commits cost what they
// cost in production, plus psql helpers for databases and settings.
import { readFileSync } from 'node:fs';
import { startCluster, type Cluster } from '../../packages/server/test/pg-cluster.ts';
import { onCleanup, run } from './procs.ts';

export interface BenchCluster {
  cluster: Cluster;
  host: string;
  port: number;
  /** URL of one database in the cluster. */
  url(db: string): string;
  /** Runs SQL with psql and returns its unaligned, tuples-only output. */
  sql(db: string, query: string, timeoutMs?: number): Promise<string>;
  createDatabase(name: string): Promise<void>;
  /** The postmaster pid, to attribute CPU time to PostgreSQL's processes. */
  postmasterPid(): Promise<number>;
}

/**
 * Settings: sized for a 2-core CI box, not tuned to flatter anybody. Both the
 * pgbench baseline and Cardepass run against this same configuration, so the
 * ratio between them compares the applications, not the database settings.
 */
export const BENCH_PG_SETTINGS: Record<string, string> = {
  shared_buffers: '512MB',
  // Keep checkpoints out of 20 s measurement windows (default 1GB can trigger one mid-run).
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
};

/**
 * BENCH_PG_STATEMENTS=1 loads pg_stat_statements (planning time tracked too), for profiling the
 * database's side; off by default, since tracking costs a little on every statement.
 */
export const statementStats = process.env.BENCH_PG_STATEMENTS === '1';

export async function startBenchCluster(): Promise<BenchCluster> {
  const settings = statementStats
    ? { ...BENCH_PG_SETTINGS, shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' }
    : BENCH_PG_SETTINGS;
  const cluster = await startCluster({ durable: true, settings });
  onCleanup('postgres cluster', () => cluster.stop());
  const u = new URL(cluster.url);
  const host = u.hostname;
  const port = Number(u.port);
  const url = (db: string) => {
    const x = new URL(cluster.url);
    x.pathname = `/${db}`;
    return x.toString();
  };
  const sql = async (db: string, query: string, timeoutMs = 120_000) => {
    const r = await run('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-At', '-h', host, '-p', String(port), '-U', 'postgres', '-d', db, '-c', query],
      { timeoutMs });
    return r.stdout.trim();
  };
  return {
    cluster, host, port, url, sql,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      await sql('postgres', `CREATE DATABASE ${name}`);
    },
    async postmasterPid() {
      // The checkpointer lives as long as the cluster and its parent is the
      // postmaster; this avoids reaching into the cluster's (0700) data dir.
      const child = Number(await sql('postgres', "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'"));
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    },
  };
}

/** What the report shows about the server: version and the settings that decide commit cost. */
export async function describeCluster(c: BenchCluster): Promise<Record<string, string>> {
  const names = ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_connections', 'max_wal_size'];
  const rows = await c.sql('postgres', `SELECT name || '=' || setting || coalesce(unit, '') FROM pg_settings WHERE name IN (${names.map((n) => `'${n}'`).join(',')})`);
  const out: Record<string, string> = {};
  for (const line of rows.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  // pg_settings reports shared_buffers in 8kB pages; SHOW gives the readable form.
  out.shared_buffers = await c.sql('postgres', 'SHOW shared_buffers');
  out.max_wal_size = await c.sql('postgres', 'SHOW max_wal_size');
  return out;
}

/**
 * The statements that took the database's time in `db` since the last reset, one line each:
 * calls, execution and planning ms per call, rows per call, the start of the text.
 */
export async function topStatements(c: BenchCluster, db: string, limit = 15): Promise<string[]> {
  await c.sql(db, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const out = await c.sql(db, `SELECT calls || ' calls, ' || round((total_exec_time / calls)::numeric, 3) || ' ms exec + '
      || round((total_plan_time / calls)::numeric, 3) || ' ms plan per call (total ' || round((total_exec_time + total_plan_time)::numeric) || ' ms), '
      || round(rows::numeric / calls, 1) || ' rows/call, wal ' || round(wal_bytes::numeric / calls) || ' B/call: '
      || left(regexp_replace(query, '\\s+', ' ', 'g'), 160)
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '${db}') AND calls > 0
    ORDER BY total_exec_time + total_plan_time DESC LIMIT ${limit}`);
  return out ? out.split('\n') : [];
}

export async function resetStatements(c: BenchCluster, db: string): Promise<void> {
  await c.sql(db, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await c.sql(db, 'SELECT pg_stat_statements_reset()');
}
