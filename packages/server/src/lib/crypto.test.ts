import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, deriveKey, encryptField, hashSecret, hmacHex, safeEqual, verifySecret } from './crypto.ts';

const key = randomBytes(32);
const PAN = '5229811234567890';

/** Replaces one base64url character of part `index` of a sealed value with another. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index]!;
  parts[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join('.');
}

describe('encryptField / decryptField (AES-256-GCM)', () => {
  it('round-trips, including non-ASCII and empty text', () => {
    for (const text of [PAN, '123', '我的美元卡 ✓', '']) {
      expect(decryptField(key, encryptField(key, text, 'pan:CARD1'), 'pan:CARD1')).toBe(text);
    }
  });

  it('never contains the plaintext and uses a fresh IV each time', () => {
    const a = encryptField(key, PAN, 'pan:CARD1');
    const b = encryptField(key, PAN, 'pan:CARD1');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain(PAN);
    expect(a).not.toContain(PAN.slice(6, 12));
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('throws when the ciphertext, tag or IV is tampered with', () => {
    const sealed = encryptField(key, PAN, 'pan:CARD1');
    for (const index of [1, 2, 3]) {
      expect(() => decryptField(key, tamper(sealed, index), 'pan:CARD1'), `part ${index}`).toThrow();
    }
  });

  it('throws with the wrong associated data: a ciphertext cannot move to another card or field', () => {
    const sealed = encryptField(key, PAN, 'pan:CARD1');
    expect(() => decryptField(key, sealed, 'pan:CARD2')).toThrow();
    expect(() => decryptField(key, sealed, 'cvv:CARD1')).toThrow();
  });

  it('throws with the wrong key', () => {
    expect(() => decryptField(randomBytes(32), encryptField(key, PAN, 'pan:CARD1'), 'pan:CARD1')).toThrow();
  });

  it('throws on values that are not in the v1 format', () => {
    const sealed = encryptField(key, PAN, 'a');
    expect(() => decryptField(key, sealed.replace(/^v1/, 'v2'), 'a')).toThrow(/Unsupported/);
    expect(() => decryptField(key, PAN, 'a')).toThrow(/Unsupported/);
    expect(() => decryptField(key, sealed.split('.').slice(0, 3).join('.'), 'a')).toThrow(/Unsupported/);
  });
});

describe('client secret hashing (scrypt)', () => {
  it('verifies the right secret only', async () => {
    const stored = await hashSecret('cdps_secret-value');
    expect(await verifySecret('cdps_secret-value', stored)).toBe(true);
    expect(await verifySecret('cdps_secret-valuE', stored)).toBe(false);
    expect(await verifySecret('', stored)).toBe(false);
  });

  it('stores scrypt$N$r$p$salt$hash with a fresh salt, never the secret', async () => {
    const a = await hashSecret('cdps_secret-value');
    const b = await hashSecret('cdps_secret-value');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain('secret-value');
    expect(a).not.toBe(b);
  });

  it('refuses stored values of another scheme or incomplete ones', async () => {
    const stored = await hashSecret('s');
    expect(await verifySecret('s', stored.replace(/^scrypt/, 'bcrypt'))).toBe(false);
    expect(await verifySecret('s', 's')).toBe(false);
    expect(await verifySecret('s', 'scrypt$16384$8$1$')).toBe(false);
  });
});

describe('safeEqual, hmacHex, deriveKey', () => {
  it('safeEqual compares whole strings', () => {
    expect(safeEqual('admin-key', 'admin-key')).toBe(true);
    expect(safeEqual('admin-key', 'admin-kez')).toBe(false);
    expect(safeEqual('admin-key', 'admin-key ')).toBe(false);
    expect(safeEqual('admin', 'admin-key')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });

  it('hmacHex is deterministic and keyed', () => {
    expect(hmacHex(key, PAN)).toBe(hmacHex(key, PAN));
    expect(hmacHex(key, PAN)).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacHex(randomBytes(32), PAN)).not.toBe(hmacHex(key, PAN));
  });

  it('deriveKey gives independent 32-byte keys per purpose', () => {
    const cardData = deriveKey(key, 'card-data');
    expect(cardData).toHaveLength(32);
    expect(deriveKey(key, 'card-data').equals(cardData)).toBe(true);
    expect(deriveKey(key, 'pan-mac').equals(cardData)).toBe(false);
    expect(deriveKey(randomBytes(32), 'card-data').equals(cardData)).toBe(false);
  });
});
