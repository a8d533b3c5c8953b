import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/harness.ts';
import envelope from './envelope.ts';
import securityHeaders, { API_CSP, CONSOLE_CSP } from './security-headers.ts';
import consoleAssets, { IMMUTABLE, consoleDirCandidates } from './console-assets.ts';

// The console as `npm run build` (which `npm test` runs first) leaves it.
const builtIndex = readFileSync(new URL('../../../console/dist/index.html', import.meta.url), 'utf8');

describe('the console at /console', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });
  const get = (url: string, method: 'GET' | 'HEAD' = 'GET', headers: Record<string, string> = {}) => p.app.inject({ method, url, headers });

  it('serves index.html at /console/ and /console with the console policy, revalidated on every load', async () => {
    for (const url of ['/console/', '/console', '/console/index.html']) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.body, url).toBe(builtIndex);
      expect(page.headers['content-security-policy'], url).toBe(CONSOLE_CSP);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers['x-frame-options'], url).toBe('DENY');
      expect(page.headers.etag, url).toBeTruthy();
    }
    // The build emits no inline script or style (the policy would refuse them): only files of this server.
    expect(builtIndex).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(builtIndex).not.toMatch(/<style|style=/);
    expect(CONSOLE_CSP).toBe("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });

  it('serves the hashed script and stylesheet with a year of immutable caching; HEAD answers their headers', async () => {
    const assets = [...builtIndex.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const answer = await get(`/console/${asset}`);
      expect(answer.statusCode, asset).toBe(200);
      expect(answer.headers['cache-control'], asset).toBe(IMMUTABLE);
      expect(answer.headers['content-type'], asset).toMatch(asset.endsWith('.js') ? /javascript/ : /^text\/css/);
      expect(answer.body).toBe(readFileSync(new URL(`../../../console/dist/${asset}`, import.meta.url), 'utf8'));
      const head = await get(`/console/${asset}`, 'HEAD');
      expect(head.statusCode, asset).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['content-length']).toBe(answer.headers['content-length']);
    }
    const again = await get('/console/', 'GET', { 'if-none-match': String((await get('/console/')).headers.etag) });
    expect(again.statusCode).toBe(304);
    // The browser takes a 304's headers for the cached page: the page's policy, not the API's.
    expect(again.headers['content-security-policy']).toBe(CONSOLE_CSP);
  });

  it('answers a deep link to a console page (no file extension) with index.html; a missing file is a 404', async () => {
    for (const url of ['/console/cards/XYZ', '/console/sign-in?redirect=%2Fcards', '/console/set-password', '/console/a/b/c/d']) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toBe(builtIndex);
      expect(page.headers['content-security-policy'], url).toBe(CONSOLE_CSP);
    }
    const missing = await get('/console/assets/nothing-here.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errorCode).toBe('ROUTE_NOT_FOUND');
    expect(missing.headers['content-security-policy']).toBe(API_CSP);
  });

  it('refuses path traversal and hidden files with a 404, encoded or not', async () => {
    const attempts = [
      '/console/../package.json', '/console/assets/../../package.json', '/console/..%2f..%2fpackage.json',
      '/console/%2e%2e/%2e%2e/package.json', '/console/assets/..%5c..%5cpackage.json', '/console/.env',
      '/console/assets%2f%2e%2e', '/console/../../../../etc/passwd', '/console/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/console//etc/passwd.txt',
    ];
    for (const url of attempts) {
      const answer = await get(url);
      expect(answer.statusCode, url).toBe(404);
      expect(answer.body, url).not.toContain('"name"');
      expect(answer.body, url).not.toContain('root:');
    }
    // A NUL byte never reaches the route: the router refuses the URL.
    expect((await get('/console/index.html%00.js')).statusCode).toBe(400);
  });

  it('redirects the server root to the console', async () => {
    const root = await get('/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
  });
});

describe('where the console is looked for', () => {
  it('beside the shipped bundle first, then in the source checkout', () => {
    expect(consoleDirCandidates('/pkg/dist/bundle')).toContain('/pkg/dist/console');
    expect(consoleDirCandidates('/pkg/dist/bundle/chunks')).toContain('/pkg/dist/console');
    expect(consoleDirCandidates('/repo/packages/server/src/plugins')).toContain('/repo/packages/console/dist');
    // npm run build copies the console into the CLI package, which is what is published.
    expect(existsSync(new URL('../../../cli/dist/console/index.html', import.meta.url))).toBe(true);
  });

  it('answers 503 CONSOLE_NOT_BUILT, in the envelope and in Chinese too, when no console was built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cardepass-no-console-'));
    const app = Fastify();
    await app.register(envelope);
    await app.register(securityHeaders, { hsts: false });
    await app.register(consoleAssets, { dir: empty });
    try {
      for (const url of ['/console/', '/console/cards/1', '/console/assets/index.js']) {
        const answer = await app.inject({ method: 'GET', url });
        expect(answer.statusCode, url).toBe(503);
        expect(answer.json(), url).toMatchObject({ hasError: true, errorCode: 'CONSOLE_NOT_BUILT', errorMessage: 'The console is not built: run npm run build' });
      }
      const zh = await app.inject({ method: 'GET', url: '/console/', headers: { 'accept-language': 'zh-CN' } });
      expect(zh.json().errorMessage).toBe('控制台尚未构建：请运行 npm run build');
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
