import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../../db/store.ts';
import { decryptField, deriveKey, encryptField } from '../../lib/crypto.ts';

/** A data-encryption key and its version, which is stored beside every ciphertext it makes. */
export interface SealingKey { version: number; key: Buffer }

/** Version 0: the key derived from the master key itself, which every card encrypted before versioning uses. */
export const LEGACY_DATA_KEY_VERSION = 0;
// Rotations from any process are serialized on this lock (any fixed number).
const ROTATION_LOCK_KEY = 7_363_102;

const wrapAad = (version: number) => `data-key:${version}`;

/**
 * Envelope encryption for card data (PAN, CVV). The master key
 * (CARDEPASS_DATA_KEY or data.key) never enters the database; the
 * data-encryption keys (DEKs) do, each wrapped with AES-256-GCM under a key
 * derived from the master key. Unwrapped DEKs are cached by version: they never
 * change, so reads decrypt without a lookup. New cards take the newest version,
 * read from the database each time so that a rotation in any process applies at once.
 */
export class DataKeyring {
  private readonly keys = new Map<number, Buffer>();
  private readonly wrapKey: Buffer;

  constructor(private readonly store: Store, master: Buffer) {
    this.keys.set(LEGACY_DATA_KEY_VERSION, deriveKey(master, 'card-data'));
    this.wrapKey = deriveKey(master, 'data-key-wrap');
  }

  /** The key of a version already seen by this process, without waiting (the hot path). */
  cached(version: number): Buffer | undefined {
    return this.keys.get(version);
  }

  /** The key of a version; an unseen version is read from the database and unwrapped once. */
  async key(version: number): Promise<Buffer> {
    const known = this.keys.get(version);
    if (known) return known;
    const rows = await this.store.prepared<{ wrapped: string }>(sql`SELECT wrapped FROM data_keys WHERE version = ${version}`);
    if (!rows[0]) throw new Error(`Data key version ${version} does not exist`);
    return this.unwrap(version, rows[0].wrapped);
  }

  /** Every stored version unwrapped into the cache (before a transaction that must not wait for another query). */
  async loadAll(): Promise<void> {
    const rows = await this.store.prepared<{ version: number; wrapped: string }>(sql`SELECT version, wrapped FROM data_keys`);
    for (const row of rows) if (!this.keys.has(row.version)) this.unwrap(row.version, row.wrapped);
  }

  /** The newest key: what new ciphertexts use. */
  async current(): Promise<SealingKey> {
    const rows = await this.store.prepared<{ version: number; wrapped: string }>(sql`SELECT version, wrapped FROM data_keys ORDER BY version DESC LIMIT 1`);
    const row = rows[0];
    if (!row) return { version: LEGACY_DATA_KEY_VERSION, key: this.keys.get(LEGACY_DATA_KEY_VERSION)! };
    return { version: row.version, key: this.keys.get(row.version) ?? this.unwrap(row.version, row.wrapped) };
  }

  /**
   * Proves at start-up that this process's master key is the one the stored
   * DEKs were wrapped with: a process with another key would write cards no
   * other process can read, so it must not start.
   */
  async checkMaster(): Promise<void> {
    try {
      await this.current();
    } catch {
      throw new Error('CARDEPASS_DATA_KEY (or data.key) is not the master key the stored data keys were wrapped with; every process of one installation needs the same key');
    }
  }

  /** Adds a new DEK, the newest version from now on. */
  async rotate(): Promise<number> {
    const dek = randomBytes(32);
    const version = await this.store.transaction(async (run) => {
      await run(sql`SELECT pg_advisory_xact_lock(${ROTATION_LOCK_KEY})`);
      const [last] = await run<{ version: number }>(sql`SELECT COALESCE(max(version), 0)::int AS version FROM data_keys`);
      const next = (last?.version ?? 0) + 1;
      await run(sql`INSERT INTO data_keys (version, wrapped) VALUES (${next}, ${encryptField(this.wrapKey, dek.toString('base64'), wrapAad(next))})`);
      return next;
    });
    // Cached only once committed: a version that never committed must not keep a key here.
    this.keys.set(version, dek);
    return version;
  }

  private unwrap(version: number, wrapped: string): Buffer {
    const key = Buffer.from(decryptField(this.wrapKey, wrapped, wrapAad(version)), 'base64');
    this.keys.set(version, key);
    return key;
  }
}
