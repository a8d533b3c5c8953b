// The platform processes of the crash test: `cardepass serve --role api|worker`
// compiled (what npm start runs), as real child processes on real ports, that the test kills
// with SIGKILL and starts again. Every process of one platform shares the
// database and the keys (CARDEPASS_DATA_KEY, CARDEPASS_ADMIN_KEY), as a
// production deployment would, so any of them can serve any request.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_COMMAND } from '../../packages/server/test/cli-command.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Enough of each process's output to say why it failed, without growing for ever.
const OUTPUT_KEEP_CHARS = 16_000;

export type Role = 'api' | 'worker';

/** One place in the deployment (api-1, api-2, worker): a process that dies and is started again there. */
export class PlatformSlot {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  /** Processes started in this slot, the first included. */
  starts = 0;
  kills = 0;
  /** Kills that landed before the process was ready (during its start-up: migrations check, key loading…). */
  killsDuringStartup = 0;
  /** The current process answered as ready (set by waitReady, cleared by kill and stop). */
  ready = false;

  constructor(readonly name: string, readonly role: Role, readonly port: number | null, private readonly env: NodeJS.ProcessEnv) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): void {
    if (this.child) throw new Error(`${this.name} is already running`);
    const env = { ...this.env, CARDEPASS_ROLE: this.role, PORT: String(this.port ?? 0) };
    const child = spawn(process.execPath, [...CLI_COMMAND, 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.starts++;
    this.ready = false;
    const keep = (chunk: Buffer) => { this.output = (this.output + chunk.toString()).slice(-OUTPUT_KEEP_CHARS); };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.output += `--- start ${this.starts} (pid ${child.pid}) ---\n`;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
  }

  /** The crash: SIGKILL, no chance to finish anything. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.kills++;
    if (!this.ready) this.killsDuringStartup++;
    this.ready = false;
    child.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  /** A clean stop: SIGTERM (graceful shutdown), SIGKILL if it takes longer than grace_ms. */
  async stop(grace_ms = 15_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.ready = false;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), grace_ms);
    await this.exited;
    clearTimeout(force);
    this.child = null;
  }

  running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** API: /readyz answers 200 (database reachable, migrations current). Worker (no port): its start-up banner. */
  async waitReady(timeout_ms: number): Promise<void> {
    const deadline = Date.now() + timeout_ms;
    const start = this.starts;
    const banner = `--- start ${start} `;
    // Ready only counts for the process it was asked about, not for one started after it.
    const isReady = () => { if (this.starts === start) this.ready = true; };
    while (Date.now() < deadline) {
      if (!this.running() || this.starts !== start) throw new Error(`${this.name} exited during start-up:\n${this.output}`);
      if (this.role === 'worker') {
        // The banner is printed after the worker loop started.
        if (this.output.slice(this.output.lastIndexOf(banner)).includes(`role ${this.role}`)) return isReady();
      } else {
        try {
          const res = await fetch(`${this.base}/readyz`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          if (res.status === 200) return isReady();
        } catch {
          // not listening yet
        }
      }
      await sleep(100);
    }
    throw new Error(`${this.name} not ready after ${timeout_ms} ms:\n${this.output}`);
  }

  log(): string {
    return this.output;
  }
}

/** The shared environment: the parent's minus anything the platform reads, plus the deployment's settings. */
export function platformEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('CARDEPASS_') || name === 'DATABASE_URL') delete env[name];
  return { ...env, HOST: '127.0.0.1', ...settings };
}
