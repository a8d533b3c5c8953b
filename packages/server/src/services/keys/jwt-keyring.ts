import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../../db/store.ts';
import { jwtHeader, kidOfHeader, splitJwt, verifySignedJwt, type AccessClaims, type JwtFailure, type SigningKey } from '../../lib/jwt.ts';

interface KeyRow { kid: string; secret: string | null; status: 'active' | 'retiring' | 'retired'; created_at: Date; retire_at: Date | null; retired_at: Date | null }
/** A key this process verifies with; notAfter_ms is when it retires (Infinity while active). */
interface CachedKey { kid: string; secret: Buffer; notAfter_ms: number }
export interface JwtKeyInfo { kid: string; status: KeyRow['status']; createdAt: string; retireAt: string | null; retiredAt: string | null }

// Keys every process re-reads at most this often while it verifies tokens: how
// fast it learns of another process's rotation without any lookup.
const REFRESH_MS = 10_000;
// Unknown kids cost one DB lookup each, at most this many a second per process
// (in bursts of twice that): forged kids cannot hammer the database.
const LOOKUPS_PER_SECOND = 5;
const CACHE_LIMIT = 1000;
// Tokens whose signature this process has checked, by their exact text: a client sends the same token
// for its whole lifetime (an hour), so the HMAC and the claims' parsing are done once per token. A
// hit still checks expiry and that the key is the one in force (a rotation or refresh starts over).
const VERIFIED_LIMIT = 5000;
// Rotations from any process are serialized on this lock (any fixed number).
const ROTATION_LOCK_KEY = 7_363_101;
// Slack for clocks and for a token signed just as the rotation committed.
const RETIRE_GRACE_S = 30;

const newKid = () => `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}_${randomBytes(6).toString('base64url')}`;

/**
 * The access-token signing keys, shared by every API process through the
 * database. Verification is on the hot path of every /v1 request: keys are
 * cached in memory by the exact header that names them, so a known token costs
 * one Map lookup; an unknown kid costs one rate-limited DB lookup. Signing reads
 * the active key from the database each time: a token request already checks a
 * scrypt hash, and so a rotation in any process takes effect at once everywhere.
 */
export class JwtKeyring {
  private byHeader = new Map<string, CachedKey | null>();
  private refreshedAt_ms = 0;
  private refreshing: Promise<void> | null = null;
  private lookupTokens = LOOKUPS_PER_SECOND * 2;
  private lookupAt_ms = Date.now();
  private active: SigningKey | null = null;
  private verified = new Map<string, { key: CachedKey; claims: Readonly<AccessClaims> }>();

  constructor(private readonly store: Store, private readonly tokenTtlSeconds: number) {}

  /** An active key exists (the given one, else a new random one, when the table has none) and the cache is loaded. */
  async init(initialSecret?: Buffer): Promise<void> {
    const secret = (initialSecret ?? randomBytes(32)).toString('base64');
    // Several processes may start at once: the one-active index lets only one insert win.
    await sql`INSERT INTO jwt_signing_keys (kid, secret, status)
      SELECT ${newKid()}, ${secret}, 'active' WHERE NOT EXISTS (SELECT 1 FROM jwt_signing_keys WHERE status = 'active')
      ON CONFLICT DO NOTHING`.execute(this.store.db);
    await this.refresh();
  }

  /** The key new tokens are signed with, read from the database so a rotation anywhere applies at once. */
  async signingKey(): Promise<SigningKey> {
    const row = (await this.store.prepared<{ kid: string; secret: string }>(sql`SELECT kid, secret FROM jwt_signing_keys WHERE status = 'active'`))[0];
    if (!row) throw new Error('No active JWT signing key: the key table was emptied');
    this.active = { kid: row.kid, secret: Buffer.from(row.secret, 'base64') };
    return this.active;
  }

  /** The active key as this process last saw it (tests sign custom claims with it). */
  get activeKey(): SigningKey {
    if (!this.active) throw new Error('JwtKeyring.init() has not run');
    return this.active;
  }

  async verify(token: string, nowSeconds: number): Promise<Readonly<AccessClaims> | JwtFailure> {
    const parts = splitJwt(token);
    if (parts === 'malformed') return parts;
    const now_ms = nowSeconds * 1000;
    if (Date.now() - this.refreshedAt_ms > REFRESH_MS) void this.refreshSoon();
    let key = this.byHeader.get(parts.header);
    if (key === undefined) key = await this.lookUp(parts.header);
    if (!key || key.notAfter_ms <= now_ms) return key === undefined ? 'malformed' : 'bad_signature';
    const known = this.verified.get(token);
    if (known && known.key === key) return known.claims.exp <= nowSeconds ? 'expired' : known.claims;
    const claims = verifySignedJwt(key.secret, parts, nowSeconds);
    if (typeof claims !== 'string') {
      if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
      this.verified.set(token, { key, claims: Object.freeze(claims) });
    }
    return claims;
  }

  /**
   * A new active key; the previous one verifies the tokens it signed until they
   * have all expired (token TTL), then retires. Returns the kids, never secrets.
   */
  async rotate(): Promise<{ kid: string; previousKid: string | null; previousRetireAt: string | null }> {
    const kid = newKid();
    const result = await this.store.transaction(async (run) => {
      await run(sql`SELECT pg_advisory_xact_lock(${ROTATION_LOCK_KEY})`);
      const previous = await run<{ kid: string; retire_at: Date }>(sql`UPDATE jwt_signing_keys
        SET status = 'retiring', retire_at = now() + make_interval(secs => ${this.tokenTtlSeconds + RETIRE_GRACE_S})
        WHERE status = 'active' RETURNING kid, retire_at`);
      await run(sql`INSERT INTO jwt_signing_keys (kid, secret, status) VALUES (${kid}, ${randomBytes(32).toString('base64')}, 'active')`);
      return { kid, previousKid: previous[0]?.kid ?? null, previousRetireAt: previous[0] ? new Date(previous[0].retire_at).toISOString() : null };
    });
    await this.refresh();
    await this.signingKey();
    return result;
  }

  /** Every key without its secret, newest first. */
  async list(): Promise<JwtKeyInfo[]> {
    await this.retireDue();
    const rows = await this.store.prepared<KeyRow>(sql`SELECT kid, NULL AS secret, status, created_at, retire_at, retired_at FROM jwt_signing_keys ORDER BY created_at DESC, kid`);
    const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());
    return rows.map((row) => ({ kid: row.kid, status: row.status, createdAt: iso(row.created_at)!, retireAt: iso(row.retire_at), retiredAt: iso(row.retired_at) }));
  }

  /** Keys whose tokens have all expired are retired: refused from now on, their secrets erased. */
  private async retireDue(): Promise<void> {
    await sql`UPDATE jwt_signing_keys SET status = 'retired', secret = NULL, retired_at = now()
      WHERE status = 'retiring' AND retire_at <= now()`.execute(this.store.db);
  }

  private refreshSoon(): Promise<void> {
    this.refreshedAt_ms = Date.now();
    // A failed background refresh keeps the cache as it was; the next request tries again after REFRESH_MS.
    return (this.refreshing ??= this.refresh().catch(() => {}).finally(() => { this.refreshing = null; }));
  }

  /** Reloads every usable key; drops remembered unknown kids (one may exist by now). */
  private async refresh(): Promise<void> {
    await this.retireDue();
    const rows = await this.store.prepared<KeyRow>(sql`SELECT kid, secret, status, created_at, retire_at, retired_at FROM jwt_signing_keys WHERE status <> 'retired'`);
    const next = new Map<string, CachedKey | null>();
    for (const row of rows) {
      const cached = toCached(row);
      next.set(jwtHeader(row.kid), cached);
      if (row.status === 'active') this.active = { kid: row.kid, secret: cached.secret };
    }
    this.byHeader = next;
    this.refreshedAt_ms = Date.now();
  }

  /** A header not in the cache: one DB lookup when its kid is well-formed and the lookup budget allows. */
  private async lookUp(header: string): Promise<CachedKey | null | undefined> {
    const kid = kidOfHeader(header);
    if (kid === undefined) return undefined;
    if (!this.takeLookup()) return null;
    const rows = await this.store.prepared<KeyRow>(sql`SELECT kid, secret, status, created_at, retire_at, retired_at FROM jwt_signing_keys WHERE kid = ${kid} AND status <> 'retired'`);
    const key = rows[0] ? toCached(rows[0]) : null;
    if (this.byHeader.size >= CACHE_LIMIT) this.byHeader.clear();
    this.byHeader.set(header, key);
    return key;
  }

  private takeLookup(): boolean {
    const now = Date.now();
    this.lookupTokens = Math.min(LOOKUPS_PER_SECOND * 2, this.lookupTokens + ((now - this.lookupAt_ms) / 1000) * LOOKUPS_PER_SECOND);
    this.lookupAt_ms = now;
    if (this.lookupTokens < 1) return false;
    this.lookupTokens -= 1;
    return true;
  }
}

function toCached(row: KeyRow): CachedKey {
  return {
    kid: row.kid,
    secret: Buffer.from(row.secret!, 'base64'),
    notAfter_ms: row.status === 'active' || row.retire_at === null ? Infinity : new Date(row.retire_at).getTime(),
  };
}
