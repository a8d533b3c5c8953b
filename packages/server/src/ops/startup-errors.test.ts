// `cardepass serve` that cannot start, as an operator meets it: one line on
// stderr that names the problem and the fix, a non-zero exit, no stack trace,
// no secret, and nothing written when the database cannot even be reached.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../test/database.ts';
import { freePort } from '../../test/pg-cluster.ts';
import { spawnServe } from '../../test/serve-process.ts';

const EXIT_TIMEOUT_MS = 150_000;

async function failedStart(env: Record<string, string>) {
  const serve = spawnServe(env);
  const timer = setTimeout(() => serve.child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
  const { code } = await serve.exited;
  clearTimeout(timer);
  return { code, stdout: serve.stdout(), stderr: serve.stderr() };
}

/** Non-zero, exactly one line on stderr matching `message`, no stack frame. */
function expectOneLineFailure(run: { code: number | null; stderr: string }, message: RegExp) {
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.code).not.toBeNull();
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
}

// Each test starts a child from the TypeScript sources: slow on a busy 2-core machine.
describe('cardepass serve start-up failures', { timeout: 180_000 }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cardepass-startup-'));
  let databaseUrl: string | undefined;
  let dirs = 0;
  const freshDataDir = () => path.join(root, `data-${++dirs}`);
  const storeEnv = (dataDir: string): Record<string, string> => ({ CARDEPASS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  beforeAll(async () => { databaseUrl = await testDatabaseUrl(); });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a port in use: names the port and the flag to change it', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = await failedStart({ ...storeEnv(freshDataDir()), PORT: String(port) });
      expectOneLineFailure(run, new RegExp(`^cardepass: port ${port} is in use \\(EADDRINUSE\\); choose another with --port or PORT$`));
    } finally {
      taken.close();
    }
  });

  it('a database that cannot be reached: names it (without the password) and what to check; writes nothing', async () => {
    const port = await freePort();
    const dataDir = freshDataDir();
    const run = await failedStart({ CARDEPASS_DATA_DIR: dataDir, DATABASE_URL: `postgres://cardepass:s3cret-pw@127.0.0.1:${port}/nowhere`, PORT: String(await freePort()) });
    expectOneLineFailure(run, new RegExp(`^cardepass: cannot reach the database at postgres://cardepass@127\\.0\\.0\\.1:${port}/nowhere \\(.*ECONNREFUSED.*\\); check DATABASE_URL or --database-url`));
    expect(run.stderr + run.stdout).not.toContain('s3cret-pw');
    // No data directory, no key files: nothing to clean up after a typo in DATABASE_URL.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a data key file that cannot be read: names the file and the fix', async () => {
    const dataDir = freshDataDir();
    // A directory where the key file should be: unreadable whoever runs the test (root reads any file).
    mkdirSync(path.join(dataDir, 'data.key'), { recursive: true });
    const run = await failedStart({ ...storeEnv(dataDir), PORT: String(await freePort()) });
    expectOneLineFailure(run, new RegExp(`^cardepass: cannot read the key file ${escape(path.join(dataDir, 'data.key'))} \\(EISDIR\\); .*set CARDEPASS_DATA_KEY$`));
  });

  it('a malformed data key file: says so, and to restore it rather than replace it', async () => {
    const dataDir = freshDataDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'data.key'), 'not-a-key\n', { mode: 0o600 });
    const run = await failedStart({ ...storeEnv(dataDir), PORT: String(await freePort()) });
    expectOneLineFailure(run, /^cardepass: the data key file .*data\.key is malformed \(must be 32 bytes, as 64 hex digits or base64\); restore this installation's key file from backup, or set CARDEPASS_DATA_KEY$/);
  });

  it('a malformed CARDEPASS_DATA_KEY: names the variable, never its value', async () => {
    const run = await failedStart({ ...storeEnv(freshDataDir()), CARDEPASS_DATA_KEY: 'short-secret-value', PORT: String(await freePort()) });
    expectOneLineFailure(run, /^cardepass: CARDEPASS_DATA_KEY is malformed \(must be 32 bytes/);
    expect(run.stderr).not.toContain('short-secret-value');
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
