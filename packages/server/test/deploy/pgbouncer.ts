// Starts a real PgBouncer in front of a test PostgreSQL cluster, the way an
// operator would put one in front of production: a config file in a temp dir,
// the Debian binary in the foreground on a free loopback port. PgBouncer
// refuses to run as root, so as root it runs as the `postgres` OS user (which
// .ci/run and Debian's postgresql package create).
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../pg-cluster.ts';

export interface PgBouncer {
  /** postgres://… through PgBouncer to `database`. */
  url(database: string): string;
  /** e.g. "1.18.0" */
  version: string;
  /** PgBouncer's own log, for reports when something fails. */
  log(): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  poolMode: 'transaction' | 'session';
  /** Server connections per database/user pair: fewer than the app's pool, so clients share them as in production. */
  serverPoolSize: number;
  /** PgBouncer ≥ 1.21 only: protocol-level prepared statements in transaction mode (0 = off, the default). */
  maxPreparedStatements?: number;
}

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];

export function findPgBouncer(): string {
  for (const file of [...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'pgbouncer')), ...CANDIDATES]) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch { /* next */ }
  }
  throw new Error('pgbouncer not found: install it (Debian: apt-get install pgbouncer; .ci/run does)');
}

export function pgBouncerVersion(binary = findPgBouncer()): string {
  const text = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  const match = /PgBouncer (\d+\.\d+\.\d+)/.exec(text);
  if (!match) throw new Error(`cannot read the PgBouncer version from: ${text}`);
  return match[1]!;
}

/** True from 1.21 on: the release that tracks prepared statements in transaction mode. */
export function supportsPreparedStatements(version: string): boolean {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return major > 1 || (major === 1 && minor >= 21);
}

function serverUserIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPgBouncer(upstreamUrl: string, options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = findPgBouncer();
  const version = pgBouncerVersion(binary);
  const upstream = new URL(upstreamUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'cardepass-pgbouncer-'));
  const ids = serverUserIds();
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const logFile = path.join(dir, 'pgbouncer.log');
  const port = await freePort();
  const user = decodeURIComponent(upstream.username) || 'postgres';
  writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" ""\n`);
  writeFileSync(path.join(dir, 'pgbouncer.ini'), [
    '[databases]',
    // Any database name maps to the same server: each test creates its own database.
    `* = host=${upstream.hostname} port=${upstream.port}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${path.join(dir, 'userlist.txt')}`,
    `pool_mode = ${options.poolMode}`,
    `default_pool_size = ${options.serverPoolSize}`,
    'max_client_conn = 200',
    // node-postgres sends no startup options PgBouncer would reject; keep the door open for psql's.
    'ignore_startup_parameters = extra_float_digits,options',
    ...(options.maxPreparedStatements !== undefined ? [`max_prepared_statements = ${options.maxPreparedStatements}`] : []),
    `logfile = ${logFile}`,
    '',
  ].join('\n'));
  const child = spawn(binary, [path.join(dir, 'pgbouncer.ini')], { cwd: dir, stdio: 'ignore', ...(ids ?? {}) });
  const log = () => { try { return readFileSync(logFile, 'utf8'); } catch { return '(no log)'; } };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const url = (database: string) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
  // Ready when a client can run a query through it (the upstream is already up).
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const text = log();
      await stop();
      throw new Error(`pgbouncer exited with ${child.exitCode}:\n${text}`);
    }
    const client = new pg.Client({ connectionString: url(upstream.pathname.slice(1) || 'postgres') });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`pgbouncer did not accept connections: ${(error as Error).message}\n${log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { url, version, log, stop };
}
