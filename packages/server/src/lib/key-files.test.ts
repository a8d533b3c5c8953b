import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecretFile, newAdminKey, newDataKeyText, parseDataKey, replaceSecretFile } from './key-files.ts';

describe('key files', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cardepass-keys-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a secret once, readable by its owner only, in a private directory', () => {
    const dir = path.join(root, 'data');
    const first = loadOrCreateSecretFile(dir, 'data.key', newDataKeyText);
    expect(first.created).toBe(true);
    expect(statSync(path.join(dir, 'data.key')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = loadOrCreateSecretFile(dir, 'data.key', newDataKeyText);
    expect(again).toEqual({ value: first.value, created: false });
    expect(parseDataKey(first.value)).toHaveLength(32);
  });

  it('accepts a 32-byte data key as hex or base64 and rejects anything else', () => {
    expect(parseDataKey('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(parseDataKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
    expect(() => parseDataKey('ab'.repeat(16))).toThrow(/32 bytes/);
    expect(() => parseDataKey('not a key')).toThrow(/32 bytes/);
  });

  it('generates distinct admin keys', () => {
    expect(newAdminKey()).toMatch(/^cdpadm_[A-Za-z0-9_-]{43}$/);
    expect(newAdminKey()).not.toBe(newAdminKey());
  });

  it('replaces a secret in place: owner-only, whole, no temporary file left behind', () => {
    const dir = path.join(root, 'rotate');
    const first = loadOrCreateSecretFile(dir, 'admin.key', newAdminKey);
    const next = newAdminKey();
    const file = replaceSecretFile(dir, 'admin.key', next);
    expect(file).toBe(path.join(dir, 'admin.key'));
    expect(readFileSync(file, 'utf8')).toBe(next + '\n');
    expect(readFileSync(file, 'utf8')).not.toContain(first.value);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['admin.key']);
  });
});
