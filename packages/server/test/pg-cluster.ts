// Starts a throwaway PostgreSQL cluster for the test run: initdb into a temp
// dir, pg_ctl start on a free loopback port, and tear everything down again.
// Durability is switched off (fsync, synchronous_commit, full_page_writes)
// because the data is discarded after the run and speed is all that matters;
// the benchmark (bench/) asks for { durable: true } to measure real commits.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface Cluster {
  url: string;
  stop(): Promise<void>;
  /** Stops the server but keeps its data, for tests of a database that goes away (never on the shared cluster). */
  pause(): Promise<void>;
  /** Starts a paused server again, same data, same port. */
  resume(): Promise<void>;
}

export interface ClusterOptions {
  /** Keep fsync, synchronous_commit and full_page_writes on (the benchmark measures real commits). */
  durable?: boolean;
  /** Extra server settings, passed as `-c name=value` (e.g. shared_buffers). */
  settings?: Record<string, string>;
}

/** Finds the directory holding initdb and a matching pg_ctl (same install). */
function findBinDir(): string {
  const isExe = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const initdb = join(dir, 'initdb');
    if (dir && isExe(initdb)) {
      // /usr/local/bin/initdb is often a symlink into /usr/lib/postgresql/N/bin;
      // take pg_ctl from the real directory so both come from one version.
      const real = dirname(realpathSync(initdb));
      if (isExe(join(real, 'pg_ctl'))) return real;
      if (isExe(join(dir, 'pg_ctl'))) return dir;
    }
  }
  // Debian keeps server binaries off PATH; pick the newest installed major.
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of majors) {
    const dir = join(base, v, 'bin');
    if (isExe(join(dir, 'initdb')) && isExe(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin. ' +
      'Install them (Debian: apt-get install postgresql) to run the postgres test project.',
  );
}

/** Asks the kernel for a free loopback port; there is a small race until the child binds it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/**
 * initdb refuses to run as root, so as root every server command runs as the
 * `postgres` OS user (created by Debian's postgresql package or by .ci/run).
 */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
}

function postgresIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root but there is no "postgres" OS user to run initdb as (useradd --system postgres)');
  }
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no server log)';
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = findBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'cardepass-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  // cwd = dir: the postgres user may not be allowed into the caller's cwd.
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asServerUser(join(bin, cmd), args);
    return execFileAsync(file, argv, { cwd: dir, encoding: 'utf8' });
  };
  const stopSync = () => {
    try {
      const [file, argv] = asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
      execFileSync(file, argv, { cwd: dir, stdio: 'ignore' });
    } catch {
      // not running (never started, or already stopped)
    }
    rmSync(dir, { recursive: true, force: true });
  };

  let port = 0;
  let opts = '';
  try {
    // Collation C / ctype C.UTF-8 is what PGlite uses, so ORDER BY on text
    // behaves the same in both projects and does not depend on the host's LANG.
    await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8',
      '--locale=C.UTF-8', '--lc-collate=C']);
    // A port can be taken between freePort() and postgres binding it; retry.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const fast = options.durable ? '' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off ';
      const extra = Object.entries(options.settings ?? {}).map(([k, v]) => ` -c ${k}=${v}`).join('');
      opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${fast}-c max_connections=300${extra}`;
      try {
        // -l matters: without it postgres inherits our stdout pipe and
        // execFile would wait for it to close, i.e. forever.
        await run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', opts]);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    const tail = logTail(log);
    stopSync();
    const e = err as { message?: string; stderr?: string };
    const hint = process.getuid?.() === 0 ? ' (running as the postgres OS user: it must be able to reach the temp dir; check TMPDIR)' : '';
    throw new Error(`could not start PostgreSQL in ${dir}${hint}: ${e.stderr || e.message}\n--- server log ---\n${tail}`);
  }

  // Safety nets so a crashed or interrupted run leaves no server behind:
  // 1. normal exit and catchable signals stop it synchronously. vitest's own
  //    SIGINT/SIGTERM handler just calls process.exit() without running
  //    globalSetup teardown, so these are what actually clean up on Ctrl-C.
  const onExit = () => stopSync();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const removeHandlers = () => {
    process.removeListener('exit', onExit);
    for (const s of signals) process.removeListener(s, onSignal);
  };
  // on() rather than once(): a second signal arriving during the synchronous
  // cleanup must not hit the default handler and kill us halfway through.
  function onSignal(sig: NodeJS.Signals) {
    stopSync();
    removeHandlers();
    // Nobody else handles it (vitest's once() handler has already fired):
    // re-raise so the process dies of the signal as it would have.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  }
  process.on('exit', onExit);
  for (const s of signals) process.on(s, onSignal);
  // 2. a detached watchdog covers SIGKILL / OOM of this process.
  const [wfile, wargs] = asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate']);
  const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`; // POSIX sh single-quoting
  const stopCmd = [wfile, ...wargs].map(q).join(' ');
  const watchdog = spawn('/bin/sh', ['-c',
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; ${stopCmd} >/dev/null 2>&1; rm -rf ${q(dir)}`],
    { detached: true, stdio: 'ignore' });
  watchdog.unref();

  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async pause() { await run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']); },
    async resume() { await run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', opts]); },
    async stop() {
      if (stopped) return;
      stopped = true;
      removeHandlers();
      if (watchdog.pid) {
        try {
          process.kill(-watchdog.pid); // its whole group, so the pending `sleep` goes too
        } catch {
          // already gone
        }
      }
      stopSync();
    },
  };
}
