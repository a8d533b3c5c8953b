// `cardepass serve` as a real child process on a real port, the compiled
// platform (see cli-command.ts), with only the
// environment the test gives it: what an operator's process manager does.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../pg-cluster.ts';
import { CLI_COMMAND } from '../cli-command.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// Generous: 2 cores shared with PostgreSQL and the other suites; a first PGlite start migrates and seeds.
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 30_000;

export interface ServeProcess {
  url: string;
  /** Everything the process printed, stdout and stderr. */
  output(): string;
  /** SIGTERM, as systemd and Docker stop a service; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The parent's environment without anything the platform reads, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith('CARDEPASS_') || name === 'DATABASE_URL' || name === 'PORT' || name === 'HOST') delete base[name];
  return { ...base, ...env };
}

export function cliArgs(args: string[]): string[] {
  return [...CLI_COMMAND, ...args];
}

export async function startServe(env: Record<string, string>, args: string[] = []): Promise<ServeProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, cliArgs(['serve', ...args]), {
    cwd: REPO_ROOT, env: childEnv({ HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env }), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  // Ready when the banner is out (printed after listen) and /healthz answers.
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!output.includes('API base URL:')) {
    if (child.exitCode !== null) throw new Error(`cardepass serve exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`cardepass serve did not start within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const health = await fetch(`${url}/healthz`);
  if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
  return { url, output: () => output, stop };
}
