// Child processes, ports, bounded waits and cleanup for the benchmark.
// Every process the benchmark starts is registered here so that a failure,
// an exception or Ctrl-C still stops it; every wait has a deadline so a hung
// server or tool ends the run with an error instead of hanging it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Managed {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM, then SIGKILL after graceMs; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  exited(): boolean;
}

type Cleanup = { name: string; run: () => Promise<void> | void; sync: () => void };
const cleanups: Cleanup[] = [];

/**
 * Registers cleanup work, run in reverse order by runCleanups(). `sync` is the
 * fallback used from the process 'exit' event, where nothing async can run.
 */
export function onCleanup(name: string, run: () => Promise<void> | void, sync: () => void = () => {}): void {
  cleanups.push({ name, run, sync });
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const c = cleanups.pop()!;
    try {
      await withTimeout(Promise.resolve(c.run()), 30_000, `cleanup ${c.name}`);
    } catch (err) {
      console.error(`cleanup of ${c.name} failed: ${(err as Error).message}`);
      c.sync();
    }
  }
}

/** Ctrl-C / SIGTERM / normal exit: stop what is still running. A second Ctrl-C forces the sync path. */
export function installSignalCleanup(): void {
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) {
      for (const c of cleanups.splice(0).reverse()) c.sync();
      process.exit(130);
    }
    interrupted = true;
    console.error(`\n${sig}: cleaning up…`);
    runCleanups().finally(() => process.exit(130));
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  process.on('exit', () => {
    for (const c of cleanups.splice(0).reverse()) c.sync();
  });
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// One implementation of finding a free port, shared with the test harness.
export { freePort } from '../../packages/server/test/pg-cluster.ts';

/** Starts a long-running child with output to logFile; registered for cleanup. */
export function startProcess(name: string, cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): Managed {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', fd, fd] });
  closeSync(fd); // the child has its own copy
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  child.once('error', () => { exited = true; });
  const stop = async (graceMs = 10_000) => {
    if (exited) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(t);
  };
  onCleanup(name, () => stop(), () => { if (!exited) child.kill('SIGKILL'); });
  return { name, child, logFile: opts.logFile, stop, exited: () => exited };
}

export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls check() until it returns a value, the process dies, or the deadline passes. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, proc?: Managed): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc?.exited()) throw new Error(`${proc.name} exited while waiting for ${what}:\n${logTail(proc.logFile)}`);
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}` +
    (proc ? `\n${logTail(proc.logFile)}` : ''));
}

export interface RunResult { stdout: string; stderr: string; code: number }

/** Runs a command to completion with a hard timeout; rejects on non-zero exit unless allowFail. */
export function run(cmd: string, args: string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string; allowFail?: boolean }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        clearCleanup();
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        if (err && (err as { killed?: boolean }).killed) return reject(new Error(`${cmd} ${args.join(' ')}: killed after ${opts.timeoutMs} ms timeout\n${stderr}`));
        if (err && !opts.allowFail) return reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr || err.message}`));
        resolve({ stdout, stderr, code });
      });
    // A tool still running when we are interrupted must not outlive us.
    const entry = { name: cmd, run: () => { child.kill('SIGKILL'); }, sync: () => { child.kill('SIGKILL'); } };
    cleanups.push(entry);
    const clearCleanup = () => {
      const i = cleanups.indexOf(entry);
      if (i >= 0) cleanups.splice(i, 1);
    };
  });
}

export async function commandExists(cmd: string): Promise<boolean> {
  const r = await run('sh', ['-c', `command -v ${cmd}`], { timeoutMs: 5000, allowFail: true });
  return r.code === 0 && r.stdout.trim() !== '';
}
