// @cardepass/sdk as a user gets it: `npm pack`, then installed into an empty
// project with no registry at all (the SDK has no dependencies), then used from
// an ES module, a CommonJS script, TypeScript and a browser bundle — the two
// scripts make real calls to a real server over HTTP.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livePlatform, type LivePlatform } from '../../packages/sdk/test/sdk-harness.ts';
import { npmPack, REPO_ROOT, run, TSC, unpublishable, type Packed, type RunResult } from './package-kit.ts';

const SDK_DIR = join(REPO_ROOT, 'packages/sdk');

// Each script prints one line of JSON per step; the test compares them with the server's state.
const ESM_SCRIPT = `
import { Cardepass, NotFoundError, CardepassError } from '@cardepass/sdk';
const client = new Cardepass({ clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET, baseUrl: process.env.CARDEPASS_URL, maxRetries: 0 });
const products = await client.products.list();
const applied = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '40.00' });
const cardId = applied.cardInfos[0].cardId;
const card = await client.cards.retrieve(cardId);
let missing;
try { await client.cards.retrieve('NO_SUCH_CARD'); } catch (error) {
  missing = { notFound: error instanceof NotFoundError, base: error instanceof CardepassError, errorCode: error.errorCode };
}
console.log(JSON.stringify({ products: products.map((p) => p.productCode), status: applied.status, cardId, balance: card.balanceAmount, missing }));
`;

const CJS_SCRIPT = `
const { Cardepass, NotFoundError } = require('@cardepass/sdk');
async function main() {
  const client = new Cardepass({ clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET, baseUrl: process.env.CARDEPASS_URL, maxRetries: 0 });
  const accounts = await client.accounts.list();
  const cards = [];
  for await (const log of client.accounts.logs({ currency: 'USD', limit: 100 })) cards.push(log.logType);
  let missing;
  try { await client.orders.standard.retrieve('NO_SUCH_ORDER'); } catch (error) { missing = { notFound: error instanceof NotFoundError, errorCode: error.errorCode }; }
  console.log(JSON.stringify({ usd: accounts.find((a) => a.currency === 'USD').amount, logTypes: cards, missing }));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

// Several exported types; the strict compile fails if any resolves to nothing or to `any` misuse.
const TS_CONSUMER = `
import { Cardepass, NotFoundError, ApiError, type Card, type StandardOrder, type Transaction, type CardepassOptions, type Page } from '@cardepass/sdk';
const options: CardepassOptions = { clientId: 'id', clientSecret: 'secret', baseUrl: 'http://127.0.0.1:1/openapi' };
const client = new Cardepass(options);
export async function balance(cardId: string): Promise<number> {
  const card: Card = await client.cards.retrieve(cardId);
  const status: 'Active' | 'Blocked' | 'Cancel' | 'Expired' = card.status;
  return status === 'Active' ? card.balanceAmount : 0;
}
export async function lastOrder(orderNo: string): Promise<StandardOrder['status']> {
  try {
    return (await client.orders.standard.retrieve(orderNo)).status;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    if (error instanceof ApiError) throw new Error(error.errorCode);
    throw error;
  }
}
export async function firstPage(cardId: string): Promise<Page<Transaction>> {
  return client.transactions.list({ cardId, pageSize: 10 });
}
`;
// The same from a CommonJS TypeScript file: resolved through the "require" condition and index.d.cts.
const CTS_CONSUMER = `
import { Cardepass, type Card } from '@cardepass/sdk';
export const read = (client: Cardepass, id: string): Promise<Card> => client.cards.retrieve(id);
`;
// Must NOT compile: proves the types are real (a missing package or `any` would let it through).
const TS_WRONG = `
import type { Card } from '@cardepass/sdk';
export const wrong: Card['balanceAmount'] = 'a string';
`;

const BROWSER_ENTRY = `
import { Cardepass, RateLimitError } from '@cardepass/sdk';
window.client = new Cardepass({ clientId: 'id', clientSecret: 'secret', baseUrl: location.origin + '/openapi' });
window.RateLimitError = RateLimitError;
`;

describe('the @cardepass/sdk tarball', () => {
  let live: LivePlatform;
  let work: string;
  let consumer: string;
  let packed: Packed;
  let install: RunResult;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cardepass-sdk-package-'));
    consumer = join(work, 'consumer');
    await run('mkdir', ['-p', consumer], { cwd: work, timeout_ms: 5_000 });
    packed = await npmPack(SDK_DIR, work, 240_000);
    await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module' }));
    // --offline with an empty cache and an unreachable registry: nothing may come from anywhere but the tarball.
    install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache'), packed.tarball], {
      cwd: consumer, timeout_ms: 120_000, env: { npm_config_registry: 'http://127.0.0.1:9/' },
    });
    live = await livePlatform();
  }, 420_000);

  afterAll(async () => {
    await live?.p.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('holds the builds, the types, README and LICENSE, and no sources or tests', () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths).toEqual([
      'LICENSE', 'README.md', 'dist/index.cjs', 'dist/index.cjs.map', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.mjs', 'dist/index.mjs.map', 'package.json',
    ]);
    expect(unpublishable(packed.files)).toEqual([]);
    console.log(`sdk tarball: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.files.length} files; pack ${packed.pack_ms} ms, offline install ${install.elapsed_ms} ms`);
  });

  it('installs offline from the tarball alone, with no dependencies', async () => {
    expect(install.code, install.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(consumer, 'node_modules/@cardepass/sdk/package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('Apache-2.0');
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) expect(manifest[field], field).toBeUndefined();
    const ls = await run('npm', ['ls', '--all', '--json'], { cwd: consumer, timeout_ms: 60_000 });
    expect(ls.code, ls.stderr).toBe(0);
    const tree = JSON.parse(ls.stdout);
    expect(Object.keys(tree.dependencies)).toEqual(['@cardepass/sdk']);
    expect(tree.dependencies['@cardepass/sdk'].dependencies).toBeUndefined();
    // The published declarations stand alone: nothing of the contract or TypeBox.
    const dts = await readFile(join(consumer, 'node_modules/@cardepass/sdk/dist/index.d.ts'), 'utf8');
    expect(dts).not.toMatch(/@cardepass\/contract|@sinclair\/typebox|from ['"]|<reference/);
  }, 120_000);

  it('works from an ES module against the server', async () => {
    const customer = await live.p.customer({ USD: '1000' });
    await writeFile(join(consumer, 'use-esm.mjs'), ESM_SCRIPT);
    const result = await run(process.execPath, ['use-esm.mjs'], { cwd: consumer, timeout_ms: 60_000, env: credentials(customer, live.baseUrl) });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ products: ['PROD001', 'PROD002'], status: 'Completed', balance: 40, missing: { notFound: true, base: true, errorCode: 'CARD_NOT_FOUND' } });
    // The card exists on the server, for this customer.
    const card = await live.p.api('GET', `/v1/cards/${out.cardId}`, { token: customer.token });
    expect(card.json.data.balanceAmount).toBe(40);
    await live.p.expectLedgerClean();
  }, 120_000);

  it('works from a CommonJS script against the server', async () => {
    const customer = await live.p.customer({ USD: '250' });
    await writeFile(join(consumer, 'use-cjs.cjs'), CJS_SCRIPT);
    const result = await run(process.execPath, ['use-cjs.cjs'], { cwd: consumer, timeout_ms: 60_000, env: credentials(customer, live.baseUrl) });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.usd).toBe(250);
    expect(out.logTypes.length).toBeGreaterThan(0);
    expect(out.missing).toEqual({ notFound: true, errorCode: 'ORDER_NOT_FOUND' });
  }, 120_000);

  it('type-checks a strict TypeScript consumer (ESM and CommonJS) and rejects a wrong one', async () => {
    const tsconfig = { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [] }, files: ['consumer.ts', 'consumer.cts'] };
    await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig));
    await writeFile(join(consumer, 'consumer.ts'), TS_CONSUMER);
    await writeFile(join(consumer, 'consumer.cts'), CTS_CONSUMER);
    const ok = await run(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.json', '--traceResolution'], { cwd: consumer, timeout_ms: 120_000 });
    expect(ok.code, ok.stdout).toBe(0);
    // Each module system got its own declaration file.
    expect(ok.stdout).toMatch(/'@cardepass\/sdk' was successfully resolved to '[^']*node_modules\/@cardepass\/sdk\/dist\/index\.d\.ts'/);
    expect(ok.stdout).toMatch(/'@cardepass\/sdk' was successfully resolved to '[^']*node_modules\/@cardepass\/sdk\/dist\/index\.d\.cts'/);

    await writeFile(join(consumer, 'tsconfig.wrong.json'), JSON.stringify({ ...tsconfig, files: ['wrong.ts'] }));
    await writeFile(join(consumer, 'wrong.ts'), TS_WRONG);
    const wrong = await run(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.wrong.json'], { cwd: consumer, timeout_ms: 120_000 });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.ts.*TS2322: Type 'string' is not assignable to type 'number'/);
  }, 300_000);

  it('bundles for the browser without Node built-ins', async () => {
    await writeFile(join(consumer, 'browser.mjs'), BROWSER_ENTRY);
    const result = await build({
      absWorkingDir: consumer, entryPoints: ['browser.mjs'], bundle: true, platform: 'browser', format: 'esm',
      write: false, metafile: true, logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(Object.keys(result.metafile.inputs).sort()).toEqual(['browser.mjs', 'node_modules/@cardepass/sdk/dist/index.mjs']);
    expect(code).toMatch(/Cardepass = class|class Cardepass/);
    expect(code).not.toMatch(/require\(|from\s*["']node:|import\(["']node:|process\.env/);
  }, 60_000);
});

/** The environment the consumer scripts read: a customer's API client and the server's URL. */
function credentials(customer: { clientId: string; clientSecret: string }, baseUrl: string): Record<string, string> {
  return { CLIENT_ID: customer.clientId, CLIENT_SECRET: customer.clientSecret, CARDEPASS_URL: baseUrl };
}
