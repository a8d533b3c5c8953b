// The README is the front door: its endpoint, error-code and configuration
// tables must say what the code does. This test reads them back.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '@cardepass/contract';
import { createTestPlatform, type TestPlatform } from './harness.ts';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const configSource = readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8');
const tableRows = (text: string) => text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));

describe('README', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  it('lists every error code with its HTTP status and both messages', () => {
    for (const [code, definition] of Object.entries(ERRORS)) {
      const row = tableRows(readme).find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, code).toBeDefined();
      expect(row).toBe(`| \`${code}\` | ${definition.status} | ${definition.en} | ${definition.zh} |`);
    }
    const documented = tableRows(readme).map((line) => /^\| `([A-Z_]+)` \| \d{3} \|/.exec(line)?.[1]).filter(Boolean);
    expect(new Set(documented)).toEqual(new Set(Object.keys(ERRORS)));
  });

  it('lists every registered endpoint, and no endpoint that does not exist', () => {
    const documented = new Set(tableRows(readme)
      .map((line) => /^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`));
    // Every route, the operations endpoints (/healthz, /readyz, /metrics) included: they have their own table.
    const registered = new Set(p.app.registeredRoutes
      // Path parameters as the README writes them: {cardId}; the admin status route is one route for two actions.
      .flatMap((r) => {
        const url = r.url.replace(/:(\w+)/g, '{$1}');
        return url.endsWith('/{action}') ? ['disable', 'enable'].map((a) => `${r.method} ${url.replace('{action}', a)}`) : [`${r.method} ${url}`];
      }));
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('documents every environment variable the configuration reads', () => {
    const read = new Set([...configSource.matchAll(/env\.([A-Z_]+)/g)].map((m) => m[1]!));
    const documented = new Set(tableRows(readme).map((line) => /^\| `([A-Z_]+)` \|/.exec(line)?.[1]).filter((v) => v && !(v in ERRORS)));
    expect([...documented].sort()).toEqual([...read].sort());
  });
});
