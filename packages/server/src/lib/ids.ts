import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: readable over the phone, unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

/** Order numbers sort by creation time: ORD + yyMMddHHmmss + 8 random characters. */
export function newOrderNo(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return `ORD${stamp}${randomBase32(8)}`;
}

export const newCardId = () => `CARD${randomBase32(16)}`;
export const newCustomerId = () => `CUS${randomBase32(14)}`;
export const newClientId = () => `cdp_${randomBase32(20).toLowerCase()}`;
export const newClientSecret = () => `cdps_${randomBytes(32).toString('base64url')}`;

/** Card transactions sort by time like orders: TXN + yyMMddHHmmss + 8 random characters. */
export function newTransactionId(now = new Date()): string {
  return `TXN${now.toISOString().replace(/[-:T]/g, '').slice(2, 14)}${randomBase32(8)}`;
}

/** A six-digit approval code, as networks show on the receipt. */
export const newAuthCode = () => String(randomBytes(4).readUInt32BE(0) % 1_000_000).padStart(6, '0');

export const newUserId = () => `USR${randomBase32(16)}`;
/** Audit entries: AUD + yyMMddHHmmss + 8 random characters (the chain's seq orders them). */
export const newAuditId = (now = new Date()) => `AUD${now.toISOString().replace(/[-:T]/g, '').slice(2, 14)}${randomBase32(8)}`;
