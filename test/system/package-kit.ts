// What the packaging system tests share: run a command as a user would (npm,
// node, tsc), `npm pack` a workspace package into a directory and read npm's
// report of it, and wait for a server to answer.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

export interface RunResult { code: number; stdout: string; stderr: string; elapsed_ms: number }

/**
 * The command's exit code and output; never throws, so a test can show stderr
 * when a step fails. `npm test`'s own npm_* variables are dropped: they would
 * change how the nested npm behaves (e.g. --silent, the workspace root's config).
 */
export function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; timeout_ms: number }): Promise<RunResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_/i.test(key)) env[key] = value;
  }
  const started_ms = Date.now();
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: { ...env, ...options.env }, timeout: options.timeout_ms, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, elapsed_ms: Date.now() - started_ms });
    });
  });
}

export interface PackedFile { path: string; size: number }
export interface Packed { tarball: string; size: number; unpackedSize: number; files: PackedFile[]; pack_ms: number }

/**
 * `npm pack` of a package directory into `destination` (its prepack script
 * builds what it ships). npm's JSON report follows whatever the package's
 * lifecycle scripts printed on stdout, so it is read from its first line "[".
 */
export async function npmPack(packageDir: string, destination: string, timeout_ms: number): Promise<Packed> {
  const result = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: packageDir, timeout_ms });
  if (result.code !== 0) throw new Error(`npm pack failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  const start = result.stdout.search(/^\[/m);
  if (start < 0) throw new Error(`npm pack printed no JSON report:\n${result.stdout}`);
  const [report] = JSON.parse(result.stdout.slice(start)) as { filename: string; size: number; unpackedSize: number; files: PackedFile[] }[];
  const tarballs = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (!report || !tarballs.includes(report.filename)) throw new Error(`npm pack reported ${report?.filename}, found ${tarballs.join(', ')}`);
  return { tarball: join(destination, report.filename), size: report.size, unpackedSize: report.unpackedSize, files: report.files, pack_ms: result.elapsed_ms };
}

/** Paths a published tarball must never hold: sources, tests, test fixtures and their maps. */
export function unpublishable(files: PackedFile[]): string[] {
  return files
    .map((f) => f.path)
    .filter((path) => /(^|\/)(src|test|tests|__tests__)\//.test(path) || /\.test\.|\.spec\./.test(path) || (/\.ts$/.test(path) && !/\.d\.c?ts$/.test(path)) || /tsconfig|\.tsbuildinfo$/.test(path));
}

/** Polls `url` until it answers (any status) or `timeout_ms` passes; the last error otherwise. */
export async function waitForHttp(url: string, timeout_ms: number, stillRunning: () => boolean): Promise<Response> {
  const deadline_ms = Date.now() + timeout_ms;
  let last: unknown;
  while (Date.now() < deadline_ms) {
    if (!stillRunning()) throw new Error(`the server exited before ${url} answered`);
    try {
      return await fetch(url, { signal: AbortSignal.timeout(2_000) });
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeout_ms} ms: ${String(last)}`);
}
