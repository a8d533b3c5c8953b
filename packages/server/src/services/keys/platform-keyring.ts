import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import { AdminKeys, type AdminKeyAtStart, type AdminKeySource } from './admin-keys.ts';
import { CardReencryption } from './card-reencryption.ts';
import { DataKeyring } from './data-keyring.ts';
import { JwtKeyring } from './jwt-keyring.ts';

/** The key material a process starts with; everything rotatable lives in the database. */
export interface KeyMaterial {
  /** The master key for card data: never stored in the database. */
  dataKey: Buffer;
  /** The configured admin key: seeds an empty database, else must match the active one. */
  adminKey: string;
  adminKeySource?: AdminKeySource;
  /** The first JWT signing key when the database has none (tests); else a random one. */
  jwt?: Buffer;
}

/** Every rotatable key of the platform, as one service of the context (ctx.keyring). */
export class PlatformKeyring {
  readonly jwt: JwtKeyring;
  readonly data: DataKeyring;
  readonly admin: AdminKeys;
  readonly reencryption: CardReencryption;
  /** What the configured admin key turned out to be at start-up; the banner prints a generated key only when it was seeded. */
  adminKeyAtStart: AdminKeyAtStart = 'current';

  constructor(store: Store, private readonly config: Config, private readonly material: KeyMaterial, private readonly log: FastifyBaseLogger) {
    this.jwt = new JwtKeyring(store, config.tokenTtlSeconds);
    this.data = new DataKeyring(store, material.dataKey);
    this.admin = new AdminKeys(store, { kind: material.adminKeySource ?? 'given', dataDir: config.dataDir });
    this.reencryption = new CardReencryption(store, this.data, log);
  }

  /** Start-up: a signing key exists, the master key opens the stored data keys, the admin key is seeded or checked. */
  async init(): Promise<void> {
    await this.jwt.init(this.material.jwt);
    await this.data.checkMaster();
    const { state, replacedAt } = await this.admin.seed(this.material.adminKey);
    this.adminKeyAtStart = state;
    if (state === 'outdated' || state === 'unknown') {
      const where = this.material.adminKeySource === 'env' ? 'CARDEPASS_ADMIN_KEY' : path.join(this.config.dataDir, 'admin.key');
      const why = state === 'outdated' ? `it was replaced${replacedAt ? ` at ${replacedAt}` : ''} by a rotation` : 'it is not the active admin key in the database';
      // Never the key itself: only which configuration is stale and what to do.
      this.log.warn(`${where} is outdated: ${why}, and admin calls with it are refused. Use the key that \`cardepass admin keys rotate-admin\` printed.`);
    }
  }
}
