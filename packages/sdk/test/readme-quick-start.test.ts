// The README's quick start must run as written: its code block is saved as a
// file in a fresh directory that looks like a checkout after `npm start`
// (data/demo-credentials.json, the package resolvable), then run with tsx
// against the real server.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livePlatform, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

const SDK_DIR = fileURLToPath(new URL('../', import.meta.url));
const TSX_CLI = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

function run(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX_CLI, script], { cwd, env: { ...process.env, ...env }, timeout: 45_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('the README quick start', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let dir: string;

  beforeAll(async () => {
    live = await livePlatform();
    dir = await mkdtemp(path.join(tmpdir(), 'cardepass-sdk-readme-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    await live?.p.close();
  });

  it('runs as written against the server', async () => {
    const readme = await readFile(path.join(SDK_DIR, 'README.md'), 'utf8');
    const code = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, 'a ```ts block under "## Quick start"').toBeDefined();

    // What `npm start` leaves behind, the package as npm workspaces link it, and the root's "type": "module".
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    const demo = await live.p.customer({ USD: '1000' });
    await mkdir(path.join(dir, 'data'));
    await writeFile(path.join(dir, 'data', 'demo-credentials.json'), JSON.stringify({ customerId: demo.customerId, clientId: demo.clientId, clientSecret: demo.clientSecret }));
    await mkdir(path.join(dir, 'node_modules', '@cardepass'), { recursive: true });
    await symlink(SDK_DIR, path.join(dir, 'node_modules', '@cardepass', 'sdk'), 'dir');
    await writeFile(path.join(dir, 'quick-start.ts'), code!);

    const result = await run('quick-start.ts', dir, { CARDEPASS_URL: live.baseUrl });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^products: PROD001, PROD002$/m);
    expect(result.stdout).toMatch(/^order \S+ Completed customerOrderNo sdk_[0-9a-f-]{36}$/m);
    expect(result.stdout).toMatch(/^card \S+ Active 125 USD$/m);
    expect(result.stdout).toMatch(/^ {2}\S+ CardTopUp 25$/m);
    expect(result.stdout).toMatch(/^expected error: CARD_NOT_FOUND responseId [0-9a-f-]{36}$/m);
  });
});
