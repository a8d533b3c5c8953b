import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JSON Web Tokens (RFC 7519) for access tokens: stateless, so any API process can verify them. */
export interface AccessClaims {
  iss: string;
  sub: string; // customer id
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
}

/** A signing key and its id, which the token's header names (`kid`) so that keys can rotate. */
export interface SigningKey { kid: string; secret: Buffer }

/** The kid of the key that signed tokens before kids existed: a token without a kid is verified with it. */
export const LEGACY_KID = 'legacy';
const LEGACY_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const KID = /^[A-Za-z0-9_-]{1,64}$/;
const ISSUER = 'cardepass';
// Tokens are short; anything longer is not ours and is rejected before parsing.
const MAX_TOKEN_LENGTH = 2048;

/** The exact header we write for a kid; a header is accepted only in this form (no alg=none, no algorithm switching). */
export function jwtHeader(kid: string): string {
  if (kid === LEGACY_KID) return LEGACY_HEADER;
  return Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid })).toString('base64url');
}

/**
 * The kid a header names, when the header is exactly one we would write;
 * undefined for anything else. The legacy header (no kid) names LEGACY_KID.
 */
export function kidOfHeader(header: string): string | undefined {
  if (header === LEGACY_HEADER) return LEGACY_KID;
  if (header.length > 200) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const kid = (parsed as { kid?: unknown } | null)?.kid;
  if (typeof kid !== 'string' || !KID.test(kid)) return undefined;
  return jwtHeader(kid) === header ? kid : undefined;
}

/** Signs with a kid in the header; a bare Buffer signs as before kids existed (no kid: the legacy key). */
export function signJwt(key: SigningKey | Buffer, claims: Omit<AccessClaims, 'iss'>): string {
  const { header, secret } = Buffer.isBuffer(key) ? { header: LEGACY_HEADER, secret: key } : { header: jwtHeader(key.kid), secret: key.secret };
  const payload = Buffer.from(JSON.stringify({ iss: ISSUER, ...claims })).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export type JwtFailure = 'malformed' | 'bad_signature' | 'expired';

/** A token cut into its three parts, before any key is chosen. */
export interface TokenParts { header: string; payload: string; signature: string }

export function splitJwt(token: string): TokenParts | 'malformed' {
  if (token.length > MAX_TOKEN_LENGTH) return 'malformed';
  const parts = token.split('.');
  if (parts.length !== 3) return 'malformed';
  const [header, payload, signature] = parts as [string, string, string];
  return { header, payload, signature };
}

/** Checks the signature with the key the header named, then the claims. */
export function verifySignedJwt(secret: Buffer, { header, payload, signature }: TokenParts, nowSeconds: number): AccessClaims | JwtFailure {
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'bad_signature';
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return 'malformed';
  }
  if (claims.iss !== ISSUER || typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.client_id !== 'string' || typeof claims.scope !== 'string') {
    return 'malformed';
  }
  if (claims.exp <= nowSeconds) return 'expired';
  return claims;
}

/** Verifies a token against one known key (the keyring picks the key by kid on the request path). */
export function verifyJwt(key: SigningKey | Buffer, token: string, nowSeconds: number): AccessClaims | JwtFailure {
  const parts = splitJwt(token);
  if (parts === 'malformed') return parts;
  const kid = kidOfHeader(parts.header);
  if (kid === undefined) return 'malformed';
  const { kid: keyKid, secret } = Buffer.isBuffer(key) ? { kid: LEGACY_KID, secret: key } : key;
  if (kid !== keyKid) return 'bad_signature';
  return verifySignedJwt(secret, parts, nowSeconds);
}
