import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORM_VERSION } from './version.ts';

const versionOf = (file: string) => (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { version: string }).version;

describe('PLATFORM_VERSION', () => {
  it('is the version of every package that ships it', () => {
    expect(PLATFORM_VERSION).toBe(versionOf('../package.json'));
    expect(PLATFORM_VERSION).toBe(versionOf('../../cli/package.json'));
    expect(PLATFORM_VERSION).toBe(versionOf('../../../package.json'));
  });
});
