// JWT signing key rotation across processes: new tokens carry the new kid at
// once everywhere, tokens of the previous key stay valid until it retires,
// retired keys are refused, forged kids cost at most a few rate-limited lookups.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeysPlatform, type KeysPlatform, type KeysProcess } from '../../../test/keys-kit.ts';
import { signJwt } from '../../lib/jwt.ts';

const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string | undefined;

describe('POST /admin/v1/keys/jwt/rotate', { timeout: 60_000 }, () => {
  let k: KeysPlatform;
  let other: KeysProcess;
  let c: Awaited<ReturnType<KeysPlatform['customer']>>;
  const ping = (through: KeysProcess, token: string) => through.api('GET', '/v1/ping', { token });

  beforeAll(async () => {
    k = await createKeysPlatform();
    other = await k.start();
    c = await k.customer();
  }, 120_000);
  afterAll(async () => { await k?.close(); });

  it('signs new tokens with the new kid in every process at once; old tokens stay valid until their key retires', async () => {
    const before = c.token;
    const firstKid = kidOf(before);
    expect(firstKid).toMatch(/^k\d{8}_/);

    const rotated = await k.first.admin('POST', '/keys/jwt/rotate');
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { kid, previousKid, previousRetireAt } = rotated.json.data;
    expect(previousKid).toBe(firstKid);
    expect(kid).not.toBe(firstKid);
    // The previous key outlives every token it signed: their TTL, plus a little grace.
    const retireIn_s = (Date.parse(previousRetireAt) - Date.now()) / 1000;
    expect(retireIn_s).toBeGreaterThan(k.config.tokenTtlSeconds - 5);
    expect(retireIn_s).toBeLessThan(k.config.tokenTtlSeconds + 60);

    // Both processes sign with the new key from the next token on, and each accepts the other's tokens.
    const fromFirst = await k.first.token(c.clientId, c.clientSecret);
    const fromOther = await other.token(c.clientId, c.clientSecret);
    expect(kidOf(fromFirst)).toBe(kid);
    expect(kidOf(fromOther)).toBe(kid);
    for (const through of [k.first, other]) {
      for (const token of [before, fromFirst, fromOther]) expect((await ping(through, token)).statusCode).toBe(200);
    }

    const list = await other.admin('GET', '/keys/jwt');
    expect(list.statusCode).toBe(200);
    expect(list.json.data.map((key: { kid: string; status: string }) => [key.kid, key.status])).toEqual([[kid, 'active'], [firstKid, 'retiring']]);
    expect(JSON.stringify(list.json)).not.toMatch(/secret/i);

    // Its tokens' lifetime over: the key retires, its secret is erased, its tokens are refused (a process started now and a running one).
    await sql`UPDATE jwt_signing_keys SET retire_at = now() - interval '1 second' WHERE kid = ${firstKid}`.execute(k.store.db);
    const later = await k.start();
    expect((await ping(later, before)).statusCode).toBe(401);
    expect((await ping(later, fromFirst)).statusCode).toBe(200);
    const rows = await sql<{ status: string; secret: string | null; retired_at: Date | null }>`SELECT status, secret, retired_at FROM jwt_signing_keys WHERE kid = ${firstKid}`.execute(k.store.db);
    expect(rows.rows[0]).toMatchObject({ status: 'retired', secret: null });
    expect(rows.rows[0]!.retired_at).not.toBeNull();
    const listed = (await later.admin('GET', '/keys/jwt')).json.data.find((key: { kid: string }) => key.kid === firstKid);
    expect(listed).toMatchObject({ status: 'retired' });
  });

  it('refuses a token that names an unknown kid, and looks forged kids up at most a few times a second', async () => {
    const lookups: string[] = [];
    const prepared = k.store.prepared.bind(k.store);
    // Counts the key lookups this process sends to the (real) database while forged tokens arrive.
    k.store.prepared = (async (query: Parameters<typeof prepared>[0]) => {
      const text = query.compile(k.store.db).sql;
      if (text.includes('FROM jwt_signing_keys WHERE kid =')) lookups.push(text);
      return prepared(query);
    }) as typeof k.store.prepared;
    try {
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: c.customerId, client_id: c.clientId, scope: 'openapi', iat: now, exp: now + 600, jti: 'forged' };
      const started_ms = Date.now();
      const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) =>
        ping(k.first, signJwt({ kid: `forged${i}`, secret: randomBytes(32) }, claims)).then((r) => r.statusCode)));
      const elapsed_s = (Date.now() - started_ms) / 1000;
      expect(new Set(statuses)).toEqual(new Set([401]));
      expect(lookups.length).toBeGreaterThan(0);
      // A burst of 10, then 5 a second: far fewer lookups than forged tokens.
      expect(lookups.length).toBeLessThanOrEqual(10 + Math.ceil(elapsed_s * 5));
      expect(lookups.length).toBeLessThan(60);
    } finally {
      k.store.prepared = prepared;
    }
  });

  it('refuses a real kid with a signature by another secret, and kid headers we would never write', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: c.customerId, client_id: c.clientId, scope: 'openapi', iat: now, exp: now + 600, jti: 'x' };
    const active = k.first.app.ctx.keyring.jwt.activeKey;
    expect((await ping(k.first, signJwt(active, claims))).statusCode).toBe(200);
    expect((await ping(k.first, signJwt({ kid: active.kid, secret: randomBytes(32) }, claims))).statusCode).toBe(401);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const [, payload, signature] = signJwt(active, claims).split('.');
    for (const header of [{ alg: 'none', typ: 'JWT', kid: active.kid }, { typ: 'JWT', alg: 'HS256', kid: active.kid }, { alg: 'HS256', typ: 'JWT', kid: '../../etc' }]) {
      const response = await ping(k.first, `${b64(header)}.${payload}.${signature}`);
      expect(response.statusCode).toBe(401);
      expect(response.json.errorCode).toBe('INVALID_TOKEN');
    }
  });

  it('needs the admin key, and never answers secrets', async () => {
    const refused = await k.first.admin('POST', '/keys/jwt/rotate', { key: 'not-the-key' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json.errorCode).toBe('ADMIN_UNAUTHORIZED');
    const rotated = await k.first.admin('POST', '/keys/jwt/rotate');
    expect(Object.keys(rotated.json.data).sort()).toEqual(['kid', 'previousKid', 'previousRetireAt']);
    const secrets = await sql<{ secret: string }>`SELECT secret FROM jwt_signing_keys WHERE secret IS NOT NULL`.execute(k.store.db);
    for (const { secret } of secrets.rows) expect(rotated.body + (await k.first.admin('GET', '/keys/jwt')).body).not.toContain(secret);
  });
});
