// Runs `cardepass` as a real child process, as a user would, for the
// integrator-command tests: only the environment a test passes counts. One
// command that ends (cardepass), or one that runs until signalled (startCardepass).
import { execFile, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { CLI_COMMAND } from '../../server/test/cli-command.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Generous: CI machines have 2 cores shared with the database and other suites.
const CHILD_TIMEOUT_MS = 45_000;

export interface CliRun { code: number; stdout: string; stderr: string }

/** The parent's environment without anything the CLI reads (CARDEPASS_*, DATABASE_URL). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('CARDEPASS_') || name === 'DATABASE_URL') delete env[name];
  return { ...env, ...extra };
}

export function cardepass(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...CLI_COMMAND, ...args], { cwd: options.cwd ?? REPO_ROOT, env: childEnv(options.env ?? {}), timeout: CHILD_TIMEOUT_MS },
      (error, stdout, stderr) => {
        // A timeout kills the child: code is then null, reported as -1.
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
  });
}

/** Parses stdout of a run that must have succeeded; stderr explains a failure. */
export function dataOf(run: CliRun): any {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** Stdout of a run that must have succeeded, as lines. */
export function linesOf(run: CliRun): string[] {
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trimEnd().split('\n');
}

/** A failure as a user should see it: non-zero, nothing on stdout, one line on stderr, no stack. */
export function expectCleanFailure(run: CliRun, message: RegExp): void {
  expect(run.code, run.stdout + run.stderr).not.toBe(0);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
}

export const SUITE_OPTIONS = { timeout: 120_000 };

export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves when the child exits: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `pattern` in stdout; throws if the child exits or timeout_ms passes first. */
  waitFor(pattern: RegExp, timeout_ms?: number): Promise<RegExpExecArray>;
  signal(name: NodeJS.Signals): void;
}

/** A long-running `cardepass` (listen) as a real child process whose output the test reads as it comes. */
export function startCardepass(args: string[], options: { env?: Record<string, string> } = {}): RunningCli {
  const child = spawn(process.execPath, [...CLI_COMMAND, ...args], { cwd: REPO_ROOT, env: childEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => { ended = true; resolve({ code, signal }); });
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitFor(pattern, timeout_ms = CHILD_TIMEOUT_MS) {
      const deadline = Date.now() + timeout_ms;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (ended || Date.now() > deadline) throw new Error(`no ${pattern} in the output of cardepass ${args[0]} (${ended ? 'exited' : 'timed out'}); stdout: ${stdout.slice(-2000)} stderr: ${stderr.slice(-2000)}`);
        await sleep(25);
      }
    },
    signal: (name) => { if (!ended) child.kill(name); },
  };
}
