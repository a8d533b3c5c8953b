import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync, renameSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Reads a secret kept in the data directory, creating it (mode 0600, in a
 * 0700 directory) on first use. Returns whether it was created now.
 */
export function loadOrCreateSecretFile(dataDir: string, name: string, create: () => string): { value: string; created: boolean } {
  const file = path.join(dataDir, name);
  if (existsSync(file)) {
    try {
      return { value: readFileSync(file, 'utf8').trim(), created: false };
    } catch (error) {
      // A failed read (EISDIR, EACCES on some systems) does not say which file: the start-up error must.
      throw Object.assign(error as Error, { path: file });
    }
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = create();
  writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { value, created: true };
}

/**
 * Replaces a secret file atomically (a 0600 file written beside it, then
 * renamed over it): a crash leaves the old key or the new one, never half of one.
 */
export function replaceSecretFile(dataDir: string, name: string, value: string): string {
  const file = path.join(dataDir, name);
  const temporary = `${file}.${process.pid}.new`;
  writeFileSync(temporary, value + '\n', { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

/** The 32-byte data key: CARDEPASS_DATA_KEY (base64 or hex), else data/data.key. */
export function parseDataKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('CARDEPASS_DATA_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

export const newDataKeyText = () => randomBytes(32).toString('base64');
export const newAdminKey = () => `cdpadm_${randomBytes(32).toString('base64url')}`;
