import { sql } from 'kysely';
import type { Store } from '../../db/store.ts';
import { safeEqual, sha256Hex } from '../../lib/crypto.ts';
import { newAdminKey, replaceSecretFile } from '../../lib/key-files.ts';

/** Where this process's configured admin key came from: the environment, the data directory's admin.key, or a caller (tests). */
export type AdminKeySource = 'env' | 'file' | 'given';

/** How the configured key compares with the database at start-up. */
export type AdminKeyAtStart = 'seeded' | 'current' | 'outdated' | 'unknown';

export interface AdminKeyRotation {
  /** The new key: shown once, in this answer. */
  adminKey: string;
  /** The admin.key file this server rewrote with it, when its key came from one. */
  keyFile: string | null;
  /** This server was given its key through CARDEPASS_ADMIN_KEY, which now holds a refused key. */
  environmentOutdated: boolean;
}

// Nothing we issue is longer; a longer header is refused before it is hashed.
const MAX_PRESENTED_LENGTH = 256;
// Rotations from any process are serialized on this lock (any fixed number).
const ROTATION_LOCK_KEY = 7_363_103;

/**
 * The admin key, checked against its SHA-256 hash in the database on every
 * admin request (admin calls are few; a read each is cheap), so a rotation in
 * any process refuses the old key in every process from the next request on.
 * A 256-bit random key needs no slow hash: SHA-256 cannot be brute-forced back.
 */
export class AdminKeys {
  constructor(private readonly store: Store, private readonly source: { kind: AdminKeySource; dataDir: string }) {}

  /**
   * Start-up: an empty table is seeded with the configured key. Afterwards the
   * database decides: a configured key that was replaced (or never seen) is
   * refused, and the caller logs that it is outdated.
   */
  async seed(configured: string): Promise<{ state: AdminKeyAtStart; replacedAt: string | null }> {
    const hash = sha256Hex(configured);
    const inserted = await sql<{ key_sha256: string }>`INSERT INTO admin_keys (key_sha256, status)
      SELECT ${hash}, 'active' WHERE NOT EXISTS (SELECT 1 FROM admin_keys) ON CONFLICT DO NOTHING RETURNING key_sha256`.execute(this.store.db);
    if (inserted.rows.length > 0) return { state: 'seeded', replacedAt: null };
    const rows = await sql<{ status: string; replaced_at: Date | null }>`SELECT status, replaced_at FROM admin_keys WHERE key_sha256 = ${hash}`.execute(this.store.db);
    const row = rows.rows[0];
    if (!row) return { state: 'unknown', replacedAt: null };
    if (row.status === 'active') return { state: 'current', replacedAt: null };
    return { state: 'outdated', replacedAt: row.replaced_at ? new Date(row.replaced_at).toISOString() : null };
  }

  /** Whether a presented key is the active one (compared as hashes, in constant time). */
  async verify(presented: string): Promise<boolean> {
    if (presented.length === 0 || presented.length > MAX_PRESENTED_LENGTH) return false;
    const rows = await this.store.prepared<{ key_sha256: string }>(sql`SELECT key_sha256 FROM admin_keys WHERE status = 'active'`);
    const active = rows[0]?.key_sha256;
    return active !== undefined && safeEqual(sha256Hex(presented), active);
  }

  /** A new admin key replaces the active one at once; this server's admin.key is rewritten when its key came from there. */
  async rotate(): Promise<AdminKeyRotation> {
    const adminKey = newAdminKey();
    await this.store.transaction(async (run) => {
      await run(sql`SELECT pg_advisory_xact_lock(${ROTATION_LOCK_KEY})`);
      await run(sql`UPDATE admin_keys SET status = 'replaced', replaced_at = now() WHERE status = 'active'`);
      await run(sql`INSERT INTO admin_keys (key_sha256, status) VALUES (${sha256Hex(adminKey)}, 'active')`);
    });
    // After the commit: the key is what the database says; a file that could not be written is reported, not fatal.
    const keyFile = this.source.kind === 'file' ? tryReplace(this.source.dataDir, adminKey) : null;
    return { adminKey, keyFile, environmentOutdated: this.source.kind === 'env' };
  }
}

function tryReplace(dataDir: string, adminKey: string): string | null {
  try {
    return replaceSecretFile(dataDir, 'admin.key', adminKey);
  } catch {
    return null;
  }
}
