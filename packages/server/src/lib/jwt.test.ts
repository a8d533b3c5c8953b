import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from './jwt.ts';

const key = randomBytes(32);
const NOW = 1_750_000_000;
const claims = { sub: 'CUS1', client_id: 'cdp_client', scope: 'openapi', iat: NOW, exp: NOW + 3600, jti: 'id-1' };
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const OUR_HEADER = b64({ alg: 'HS256', typ: 'JWT' });
/** Signs arbitrary header and payload text with HS256, to build tokens signJwt would never make. */
const forge = (header: string, payload: string, signingKey = key) =>
  `${header}.${payload}.${createHmac('sha256', signingKey).update(`${header}.${payload}`).digest('base64url')}`;

describe('signJwt / verifyJwt', () => {
  it('round-trips the claims and adds the issuer', () => {
    const token = signJwt(key, claims);
    expect(token.split('.')).toHaveLength(3);
    expect(verifyJwt(key, token, NOW)).toEqual({ iss: 'cardepass', ...claims });
  });

  it('uses the HS256 JWT header', () => {
    const [header] = signJwt(key, claims).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('rejects a token signed with another key', () => {
    expect(verifyJwt(key, signJwt(randomBytes(32), claims), NOW)).toBe('bad_signature');
  });

  it('rejects a tampered payload', () => {
    const [header, , signature] = signJwt(key, claims).split('.');
    const changed = b64({ iss: 'cardepass', ...claims, sub: 'CUS2' });
    expect(verifyJwt(key, `${header}.${changed}.${signature}`, NOW)).toBe('bad_signature');
  });

  it('rejects a truncated or altered signature', () => {
    const token = signJwt(key, claims);
    expect(verifyJwt(key, token.slice(0, -2), NOW)).toBe('bad_signature');
    const last = token.at(-5) === 'A' ? 'B' : 'A';
    expect(verifyJwt(key, token.slice(0, -5) + last + token.slice(-4), NOW)).toBe('bad_signature');
    expect(verifyJwt(key, token.slice(0, token.lastIndexOf('.') + 1), NOW)).toBe('bad_signature');
  });

  it('treats exp as exclusive: expired at exp, valid one second before', () => {
    const token = signJwt(key, claims);
    expect(verifyJwt(key, token, claims.exp - 1)).toMatchObject({ sub: 'CUS1' });
    expect(verifyJwt(key, token, claims.exp)).toBe('expired');
    expect(verifyJwt(key, token, claims.exp + 1000)).toBe('expired');
  });

  it('refuses alg=none and any other header, even correctly signed', () => {
    const payload = b64({ iss: 'cardepass', ...claims });
    expect(verifyJwt(key, `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, NOW)).toBe('malformed');
    expect(verifyJwt(key, forge(b64({ alg: 'none', typ: 'JWT' }), payload), NOW)).toBe('malformed');
    expect(verifyJwt(key, forge(b64({ alg: 'HS512', typ: 'JWT' }), payload), NOW)).toBe('malformed');
    // Same meaning, different bytes: still not our header.
    expect(verifyJwt(key, forge(b64({ typ: 'JWT', alg: 'HS256' }), payload), NOW)).toBe('malformed');
  });

  it('rejects tokens with the wrong number of parts or oversized tokens', () => {
    const token = signJwt(key, claims);
    expect(verifyJwt(key, '', NOW)).toBe('malformed');
    expect(verifyJwt(key, 'abc', NOW)).toBe('malformed');
    expect(verifyJwt(key, token.split('.').slice(0, 2).join('.'), NOW)).toBe('malformed');
    expect(verifyJwt(key, `${token}.extra`, NOW)).toBe('malformed');
    expect(verifyJwt(key, forge(OUR_HEADER, b64({ iss: 'cardepass', ...claims, pad: 'x'.repeat(2048) })), NOW)).toBe('malformed');
  });

  it('rejects correctly signed payloads that are not our claims', () => {
    expect(verifyJwt(key, forge(OUR_HEADER, b64('not json')), NOW)).toBe('malformed');
    expect(verifyJwt(key, forge(OUR_HEADER, b64({ ...claims, iss: 'someone-else' })), NOW)).toBe('malformed');
    expect(verifyJwt(key, forge(OUR_HEADER, b64({ ...claims })), NOW)).toBe('malformed'); // no iss
    const { client_id: _, ...noClient } = claims;
    expect(verifyJwt(key, forge(OUR_HEADER, b64({ iss: 'cardepass', ...noClient })), NOW)).toBe('malformed');
    expect(verifyJwt(key, forge(OUR_HEADER, b64({ iss: 'cardepass', ...claims, exp: String(NOW + 60) })), NOW)).toBe('malformed');
    expect(verifyJwt(key, forge(OUR_HEADER, b64({ iss: 'cardepass', ...claims, sub: 42 })), NOW)).toBe('malformed');
  });
});
