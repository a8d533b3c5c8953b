// The platform as an operator installs it: `npm pack` of packages/cli
// (cardepass-0.1.0.tgz), `npm install -g` into a fresh prefix (its third-party
// dependencies come from the npm registry), then the installed `cardepass`
// command: --help, and `serve` in an empty directory — PGlite's WASM, the
// Swagger UI's files and the demo data must all work from the installed package.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmPack, REPO_ROOT, run, unpublishable, waitForHttp, type Packed, type RunResult } from './package-kit.ts';

const CLI_DIR = join(REPO_ROOT, 'packages/cli');
// Generous: npm fetches Fastify, PGlite… (its cache usually has them) on two shared cores.
const INSTALL_TIMEOUT_MS = 540_000;
const START_TIMEOUT_MS = 90_000;

describe('the cardepass platform tarball', () => {
  let work: string;
  let prefix: string;
  let packed: Packed;
  let install: RunResult;
  let bin: string;
  let installedDir: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cardepass-platform-package-'));
    prefix = join(work, 'prefix');
    packed = await npmPack(CLI_DIR, work, 600_000);
    install = await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', packed.tarball], { cwd: work, timeout_ms: INSTALL_TIMEOUT_MS });
    bin = join(prefix, 'bin/cardepass');
    installedDir = join(prefix, 'lib/node_modules/cardepass');
    console.log(`platform tarball: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.files.length} files; pack (with build) ${packed.pack_ms} ms, global install ${install.elapsed_ms} ms`);
  }, 1_200_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('packs the command, the bundle, the built console, README and LICENSE, and no sources or tests', () => {
    expect(packed.tarball).toMatch(/cardepass-0\.1\.0\.tgz$/);
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/cardepass.mjs', 'dist/bundle/cardepass.js', 'dist/BUILD_STAMP', 'dist/console/index.html']));
    expect(unpublishable(packed.files)).toEqual([]);
    // The console ships as its build only: one page, its hashed assets, its icon; no .tsx, no source maps.
    expect(paths.filter((p) => p.startsWith('dist/console/')).every((p) => /^dist\/console\/(index\.html|favicon\.svg|assets\/[\w-]+\.(js|css))$/.test(p))).toBe(true);
    expect(paths.filter((p) => !/^(bin|dist\/bundle|dist\/console)\//.test(p) && !['package.json', 'README.md', 'LICENSE', 'dist/BUILD_STAMP'].includes(p))).toEqual([]);
  });

  it('installs globally with its dependencies', () => {
    expect(install.code, `${install.stderr}\n${install.stdout}`).toBe(0);
    expect(existsSync(bin)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies)) expect(existsSync(join(installedDir, 'node_modules', name)) || existsSync(join(prefix, 'lib/node_modules', name)), name).toBe(true);
    // The workspace packages are bundled in, never installed.
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@cardepass/'))).toEqual([]);
  });

  it('ships only the current build: every chunk is reachable from the entry, every map has its chunk', () => {
    const bundleDir = join(installedDir, 'dist/bundle');
    const files = readdirSync(bundleDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|map)$/.test(f));
    // Follow the static and dynamic imports of relative files from cardepass.js.
    const reachable = new Set<string>();
    const pending = ['cardepass.js'];
    while (pending.length) {
      const file = pending.pop()!;
      if (reachable.has(file)) continue;
      reachable.add(file);
      const text = readFileSync(join(bundleDir, file), 'utf8');
      for (const [, target] of text.matchAll(/(?:from\s*|import\()"(\.{1,2}\/[^"]+\.js)"/g)) {
        pending.push(relative(bundleDir, resolve(dirname(join(bundleDir, file)), target!)));
      }
    }
    expect(files.filter((f) => f.endsWith('.js') && !reachable.has(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') && !files.includes(f.slice(0, -'.map'.length)))).toEqual([]);
  });

  it('ships source maps of the platform only, without tests', () => {
    const maps = readdirSync(join(installedDir, 'dist/bundle'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(installedDir, 'dist/bundle', map), 'utf8')) as { sources: string[] };
      expect(sources.filter((s) => /\.test\.ts$|\/test\//.test(s)), map).toEqual([]);
    }
  });

  it('answers --help with its commands', async () => {
    const help = await run(bin, ['--help'], { cwd: work, timeout_ms: 60_000 });
    expect(help.code, help.stderr).toBe(0);
    for (const command of ['serve', 'migrate', 'admin']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  }, 90_000);

  it('serves from an empty directory: PGlite, demo data, the API, the docs, then stops on SIGTERM', async () => {
    const dir = join(work, 'empty');
    await mkdir(dir);
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const server = startServe(bin, dir, { PORT: String(port), HOST: '127.0.0.1' });
    try {
      const ready = await waitForReady(`${origin}/readyz`, () => server.exitCode === null && server.signalCode === null);
      expect(ready.status, server.output()).toBe(200);
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
      // The installed package serves the console it ships, and prints how to sign in to it.
      const consolePage = await fetch(`${origin}/console/`);
      expect(consolePage.status).toBe(200);
      expect(await consolePage.text()).toContain('<div id="root">');
      expect(server.output()).toMatch(/Owner password: \S+/);

      const data = join(dir, 'data');
      expect(existsSync(join(data, 'admin.key'))).toBe(true);
      expect(statSync(join(data, 'pglite')).isDirectory()).toBe(true);
      const { clientId, clientSecret } = JSON.parse(await readFile(join(data, 'demo-credentials.json'), 'utf8'));

      const tokenResponse = await fetch(`${origin}/openapi/connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
      });
      expect(tokenResponse.status).toBe(200);
      const { access_token } = (await tokenResponse.json()) as { access_token: string };
      const products = await fetch(`${origin}/openapi/v1/products`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(products.status).toBe(200);
      const body = (await products.json()) as { hasError: boolean; data: { productCode: string }[] };
      expect(body.hasError).toBe(false);
      expect(body.data.map((p) => p.productCode)).toEqual(['PROD001', 'PROD002']);
      // Without a token: refused.
      expect((await fetch(`${origin}/openapi/v1/products`)).status).toBe(401);

      // Files the server reads at run time from its dependencies (Swagger UI's assets).
      const docs = await fetch(`${origin}/openapi/docs`);
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/text\/html/);
      const css = await fetch(`${origin}/openapi/docs/assets/swagger-ui.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/text\/css/);
      expect((await css.text()).length).toBeGreaterThan(10_000);
      expect((await fetch(`${origin}/openapi/swagger.json`)).status).toBe(200);

      server.kill('SIGTERM');
      const exit = await server.exited;
      expect(exit, server.output()).toEqual({ code: 0, signal: null });
    } finally {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
  }, START_TIMEOUT_MS + 120_000);
});

interface Served extends ChildProcess {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** The installed `cardepass serve` in `cwd`, with none of the parent's Cardepass settings. */
function startServe(bin: string, cwd: string, extra: Record<string, string>): Served {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(CARDEPASS_|DATABASE_URL$|PORT$|HOST$|npm_)/.test(key)) continue;
    env[key] = value;
  }
  const child = spawn(bin, ['serve'], { cwd, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] }) as Served;
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.output = () => output.slice(-4000);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

/** /readyz until it says 200 (the first start migrates a new PGlite store), or the last answer. */
async function waitForReady(url: string, running: () => boolean): Promise<Response> {
  const deadline_ms = Date.now() + START_TIMEOUT_MS;
  let response = await waitForHttp(url, START_TIMEOUT_MS, running);
  while (response.status !== 200 && Date.now() < deadline_ms && running()) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    response = await waitForHttp(url, Math.max(1, deadline_ms - Date.now()), running);
  }
  return response;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
