// `cardepass serve` as a real child process over real HTTP, for the tests of
// start-up failures and graceful shutdown: start it, read its output, signal
// it, and send requests whose fate (answered, refused, cut) the test can tell.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { CLI_COMMAND } from './cli-command.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Generous: two cores shared with PostgreSQL and other suites, and a first PGlite start migrates.
const START_TIMEOUT_MS = 150_000;

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the child exits, with its exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until stdout satisfies `test`, or throws after timeout_ms. */
  waitForOutput(test: (stdout: string) => boolean, timeout_ms: number): Promise<void>;
}

/** The parent's environment without anything the server reads, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('CARDEPASS_') || name === 'DATABASE_URL' || name === 'PORT' || name === 'HOST') delete env[name];
  return { ...env, ...extra };
}

/** Spawns `cardepass serve` with `env` (PORT, CARDEPASS_DATA_DIR, DATABASE_URL …). */
export function spawnServe(env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, [...CLI_COMMAND, 'serve'], { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; for (const listener of listeners) listener(); });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => { resolve({ code, signal }); for (const listener of listeners) listener(); });
  });
  let hasExited = false;
  void exited.then(() => { hasExited = true; });
  const waitForOutput = (test: (text: string) => boolean, timeout_ms: number) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (test(stdout)) { done(); resolve(); } else if (hasExited) { done(); reject(new Error(`cardepass serve exited: ${stderr || stdout.slice(-2000)}`)); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for output; stderr: ${stderr}; stdout tail: ${stdout.slice(-2000)}`)); }, timeout_ms);
    const done = () => { clearTimeout(timer); listeners.delete(check); };
    listeners.add(check);
    // exit may already have happened (its promise settles a tick later)
    void exited.then(check);
    check();
  });
  return { child, url: '', stdout: () => stdout, stderr: () => stderr, exited, waitForOutput };
}

/** Spawns `cardepass serve` and waits until it listens; the URL is the one it prints. */
export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const serve = spawnServe(env);
  await serve.waitForOutput((text) => /API base URL: +(http:\/\/\S+)\/openapi/.test(text), START_TIMEOUT_MS);
  return { ...serve, url: /API base URL: +(http:\/\/\S+)\/openapi/.exec(serve.stdout())![1]! };
}

export type RequestFate =
  | { kind: 'answered'; status: number; body: string }
  | { kind: 'refused' }
  | { kind: 'broken'; code: string };

/**
 * One request on a connection of its own (no keep-alive pool: each request's
 * fate is its own). Refused is a connection the server never accepted;
 * broken is anything else that is not a complete response (reset, hang-up).
 */
export function requestOnce(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RequestFate> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve(response.complete ? { kind: 'answered', status: response.statusCode ?? 0, body } : { kind: 'broken', code: 'incomplete' }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'broken', code: error.code ?? error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'broken', code: error.code ?? error.message }));
    request.end(options.body);
  });
}
