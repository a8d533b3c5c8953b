// The README's webhook receiver must run as written: its ```js block is saved
// in a fresh directory where @cardepass/sdk resolves to this package's build,
// started with plain node, and sent deliveries signed by `standardwebhooks`
// (not our code): it accepts them once each and refuses forgeries with 400.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, SUITE_OPTIONS } from './sdk-harness.ts';

const SDK_DIR = fileURLToPath(new URL('../', import.meta.url));

describe('the README webhook receiver', SUITE_OPTIONS, () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let dir: string;
  let child: ChildProcess;
  let stdout = '';
  let url: string;

  beforeAll(async () => {
    const readme = await readFile(path.join(SDK_DIR, 'README.md'), 'utf8');
    const code = /## Webhooks[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, 'a ```js block under "## Webhooks"').toBeDefined();
    dir = await mkdtemp(path.join(tmpdir(), 'cardepass-sdk-webhooks-'));
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    await mkdir(path.join(dir, 'node_modules', '@cardepass'), { recursive: true });
    await symlink(SDK_DIR, path.join(dir, 'node_modules', '@cardepass', 'sdk'), 'dir');
    await writeFile(path.join(dir, 'receiver.mjs'), code!);
    const port = await closedPort();
    url = `http://127.0.0.1:${port}/hook`;
    child = spawn(process.execPath, ['receiver.mjs'], { cwd: dir, env: { ...process.env, PORT: String(port), CARDEPASS_WEBHOOK_SECRET: secret }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    for (let waited_ms = 0; !stdout.includes('receiving'); waited_ms += 50) {
      if (waited_ms > 30_000 || child.exitCode !== null) throw new Error(`the receiver did not start: ${stdout}`);
      await sleep(50);
    }
  });
  afterAll(async () => {
    child?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const deliver = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    return { status: response.status, text: await response.text() };
  };
  const signed = (body: string, id: string, key = secret) => {
    const at = new Date();
    return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(key).sign(id, at, body) };
  };
  const cardUpdated = (eventId: string) => JSON.stringify({
    eventId, type: 'card.updated', timestamp: new Date().toISOString(), sequence: 4, cardId: 'C1',
    data: { cardId: 'C1', status: 'Blocked' },
  });

  it('accepts a signed delivery once, however often it comes', async () => {
    const body = cardUpdated('evt_readme_1');
    expect(await deliver(body, signed(body, 'evt_readme_1'))).toEqual({ status: 204, text: '' });
    expect(await deliver(body, signed(body, 'evt_readme_1'))).toEqual({ status: 204, text: '' });
    expect(stdout.match(/^card C1 is now Blocked sequence 4$/gm)).toHaveLength(1);
  });

  it('refuses a tampered body, another secret and missing headers with 400 and the reason', async () => {
    const body = cardUpdated('evt_readme_2');
    expect(await deliver(body.replace('Blocked', 'Active'), signed(body, 'evt_readme_2'))).toEqual({ status: 400, text: 'bad_signature' });
    expect(await deliver(body, signed(body, 'evt_readme_2', `whsec_${randomBytes(24).toString('base64')}`))).toEqual({ status: 400, text: 'bad_signature' });
    expect(await deliver(body, {})).toEqual({ status: 400, text: 'missing_headers' });
    expect(stdout).not.toContain('evt_readme_2');
  });
});
