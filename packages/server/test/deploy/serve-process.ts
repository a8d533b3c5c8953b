// `cardepass serve` as an operator's process manager runs it: on a free port of
// its own, stopped with SIGTERM as systemd and Docker stop a service. A thin
// layer over the child-process helper of ../serve-process.ts.
import { freePort } from '../pg-cluster.ts';
import { startServe as startChild } from '../serve-process.ts';

const STOP_TIMEOUT_MS = 30_000;

export interface ServeProcess {
  url: string;
  /** Everything the process printed: stdout (the banner, the JSON log lines), then stderr. */
  output(): string;
  /** SIGTERM, as systemd and Docker stop a service; resolves with the exit code (SIGKILL after 30 s). */
  stop(): Promise<number | null>;
}

export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const child = await startChild({ HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'warn', ...env });
  const stop = async () => {
    if (child.child.exitCode !== null || child.child.signalCode !== null) return child.child.exitCode;
    child.child.kill('SIGTERM');
    const timer = setTimeout(() => child.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const { code } = await child.exited;
    clearTimeout(timer);
    return code;
  };
  return { url: child.url, output: () => child.stdout() + child.stderr(), stop };
}
