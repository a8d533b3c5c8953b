import { randomBytes } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { decryptField, encryptField, safeEqual } from '../../lib/crypto.ts';
import type { DataKeyring } from '../keys/data-keyring.ts';

/**
 * Two-factor codes (RFC 6238 TOTP: HMAC-SHA1, 6 digits, 30-second steps, the
 * parameters every authenticator app assumes) and recovery codes. The secret is
 * stored sealed with the data keys, as webhook signing secrets are.
 */
const PERIOD_S = 30;
const DIGITS = 6;
// One step either side: a phone clock a little off, or a code typed as it rolled over.
const WINDOW_STEPS = 1;
export const TOTP_ISSUER = 'Cardepass';
export const RECOVERY_CODE_COUNT = 10;

export interface SealedTotpSecret { encrypted: string; keyVersion: number }

// Bound to its user: a sealed secret copied onto another user's row does not open.
const aad = (userId: string) => `totp:${userId}`;

export async function sealTotpSecret(dataKeys: DataKeyring, userId: string, base32: string): Promise<SealedTotpSecret> {
  const { version, key } = await dataKeys.current();
  return { encrypted: encryptField(key, base32, aad(userId)), keyVersion: version };
}

export async function openTotpSecret(dataKeys: DataKeyring, userId: string, sealed: SealedTotpSecret): Promise<string> {
  const key = dataKeys.cached(sealed.keyVersion) ?? await dataKeys.key(sealed.keyVersion);
  return decryptField(key, sealed.encrypted, aad(userId));
}

/** A new secret (160 bits, RFC 4226's recommendation), as base32 for manual entry. */
export const newTotpSecret = () => new Secret({ size: 20 }).base32;

/** What an authenticator app scans: the otpauth:// URI, and the same as an SVG QR code the console inlines. */
export async function totpEnrolment(base32: string, accountName: string) {
  const otpauthUri = new TOTP({ issuer: TOTP_ISSUER, label: accountName, secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: DIGITS, period: PERIOD_S }).toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: base32, otpauthUri, qrSvg };
}

/**
 * The time step a code belongs to, if it is right for a step within the window
 * and later than the last step accepted (RFC 6238 §5.2: a code is accepted once).
 * The latest matching step wins, so a code cannot be replayed by matching an earlier one.
 */
export function acceptedTotpStep(base32: string, code: string, lastStep: bigint | null, now_ms = Date.now()): bigint | null {
  const secret = Secret.fromBase32(base32);
  const current = TOTP.counter({ period: PERIOD_S, timestamp: now_ms });
  let accepted: bigint | null = null;
  for (let delta = -WINDOW_STEPS; delta <= WINDOW_STEPS; delta++) {
    const step = current + delta;
    const expected = HOTP.generate({ secret, algorithm: 'SHA1', digits: DIGITS, counter: step });
    if (safeEqual(expected, code) && (lastStep === null || BigInt(step) > lastStep)) accepted = BigInt(step);
  }
  return accepted;
}

// Crockford-like alphabet without look-alikes (0/o, 1/l/i): codes are read off paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes of 10 characters (about 49 bits each), shown as xxxxx-xxxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as typed (any case, with or without the hyphen or spaces), in the form its hash was made of. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
