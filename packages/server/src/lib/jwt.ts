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

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const ISSUER = 'cardepass';
// Tokens are short; anything longer is not ours and is rejected before parsing.
const MAX_TOKEN_LENGTH = 2048;

export function signJwt(key: Buffer, claims: Omit<AccessClaims, 'iss'>): string {
  const payload = Buffer.from(JSON.stringify({ iss: ISSUER, ...claims })).toString('base64url');
  const signature = createHmac('sha256', key).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

export type JwtFailure = 'malformed' | 'bad_signature' | 'expired';

export function verifyJwt(key: Buffer, token: string, nowSeconds: number): AccessClaims | JwtFailure {
  if (token.length > MAX_TOKEN_LENGTH) return 'malformed';
  const parts = token.split('.');
  if (parts.length !== 3) return 'malformed';
  const [header, payload, signature] = parts as [string, string, string];
  // Only our exact header is accepted: no alg=none, no algorithm switching.
  if (header !== HEADER) return 'malformed';
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
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
