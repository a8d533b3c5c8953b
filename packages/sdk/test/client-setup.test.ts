// What needs no server: the base URL presets match the published documents,
// the options are checked, the runtime code stays browser-safe (no Node
// built-ins, no runtime dependency), and the retry arithmetic stays in bounds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BASE_URLS, Cardepass, CardepassError } from '../src/index.ts';
import { backoffDelay, MAX_RETRY_DELAY_MS, parseRetryAfter } from '../src/retry.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const SPEC = fileURLToPath(new URL('../../../docs/spec/api-reference.zh.md', import.meta.url));
const credentials = { clientId: 'cdp_x', clientSecret: 'cdps_y' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('client setup', () => {
  it("uses the documents' hosts for the 'test' and 'production' presets, and 'test' by default", () => {
    const spec = readFileSync(SPEC, 'utf8');
    expect(spec).toContain(`* 测试环境: ${BASE_URLS.test}\n`);
    expect(spec).toContain(`* 生产环境: ${BASE_URLS.production}\n`);
    expect(new Cardepass({ ...credentials, baseUrl: 'test' }).baseUrl).toBe('https://test.cardepass.com/openapi');
    expect(new Cardepass({ ...credentials, baseUrl: 'production' }).baseUrl).toBe('https://cardepass.com/openapi');
    expect(new Cardepass(credentials).baseUrl).toBe(BASE_URLS.test);
  });

  it('accepts a self-hosted URL, with or without a trailing slash, and rejects anything else', () => {
    expect(new Cardepass({ ...credentials, baseUrl: 'http://127.0.0.1:8080/openapi/' }).baseUrl).toBe('http://127.0.0.1:8080/openapi');
    expect(new Cardepass({ ...credentials, baseUrl: 'https://cards.example.com/' }).baseUrl).toBe('https://cards.example.com');
    expect(() => new Cardepass({ ...credentials, baseUrl: 'staging' })).toThrow(/neither 'test', 'production' nor a URL/);
    expect(() => new Cardepass({ ...credentials, baseUrl: 'ftp://example.com/openapi' })).toThrow(/http or https/);
    expect(() => new Cardepass({ ...credentials, clientSecret: '' })).toThrow(CardepassError);
  });

  it('sends nothing until a call is awaited', async () => {
    let calls = 0;
    const client = new Cardepass({ ...credentials, fetch: async () => { calls++; return new Response('{}'); } });
    const pending = client.products.list();
    client.accounts.logs({ limit: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(0);
    await pending.then(() => null, () => null);
    expect(calls).toBeGreaterThan(0);
  });

  it('uses only web-platform APIs at run time: no node: imports, and the contract only for types', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/^(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gms)];
      for (const [, , typeOnly, from] of imports) {
        expect(from, file).not.toMatch(/^node:/);
        if (!from!.startsWith('.')) expect(typeOnly, `${path.relative(SRC, file)} imports ${from} at run time`).toBeTruthy();
      }
      expect(text, file).not.toMatch(/\b(process|Buffer|require)\b[.(]/);
    }
  });

  it('draws backoff delays from a window that doubles per attempt up to its ceiling', () => {
    expect(backoffDelay(0, () => 0.999)).toBe(499);
    expect(backoffDelay(1, () => 0.999)).toBe(999);
    expect(backoffDelay(3, () => 0.5)).toBe(2000);
    expect(backoffDelay(50, () => 0.999)).toBeLessThan(MAX_RETRY_DELAY_MS);
    expect(backoffDelay(2, () => 0)).toBe(0);
    for (let i = 0; i < 100; i++) expect(backoffDelay(i % 12)).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-15T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 15 Jan 2025 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 15 Jan 2025 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
