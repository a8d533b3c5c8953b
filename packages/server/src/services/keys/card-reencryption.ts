import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../../db/store.ts';
import { decryptField, encryptField } from '../../lib/crypto.ts';
import type { DataKeyring } from './data-keyring.ts';

export interface ReencryptionOptions {
  /** Cards re-encrypted per transaction. */
  batchSize?: number;
  /** After the last batch, wait this long and look once more (see run()). */
  settle_ms?: number;
  /** Called after each committed batch with its number (from 1); tests throw here to simulate a crash. */
  afterBatch?: (batch: number) => void | Promise<void>;
}

export interface ReencryptionStatus {
  currentVersion: number;
  /** Cards not yet on the current version: 0 when the rotation is complete. */
  remaining: number;
  cardsByVersion: Array<{ version: number; cards: number }>;
  /** Whether this process is re-encrypting now. */
  running: boolean;
  /** What this process re-encrypted in its last run, and how that run ended. */
  cardsDone: number;
  lastError: string | null;
}

// Passes of 100 ms that find only locked cards before a run gives up (about a minute).
const MAX_IDLE_PASSES = 600;

interface CardCipherRow { id: string; pan_encrypted: string; cvv_encrypted: string; data_key_version: number }

/**
 * Moves every card's PAN and CVV to the newest data key, online: one short
 * transaction per batch re-encrypts the cards it locks (SKIP LOCKED, so cards
 * busy in an order are taken on a later pass and orders never wait long), and
 * a reader decrypts a card with whatever version its row records, before or
 * after. Progress lives only in the rows (their data_key_version), so a run
 * that crashed is resumed by running again; runs in several processes at once
 * share the work.
 */
export class CardReencryption {
  private running: Promise<number> | null = null;
  private cardsDone = 0;
  private lastError: string | null = null;
  private readonly batchSize: number;

  constructor(private readonly store: Store, private readonly dataKeys: DataKeyring, private readonly log: FastifyBaseLogger, private readonly options: ReencryptionOptions = {}) {
    this.batchSize = options.batchSize ?? 500;
  }

  /** Starts a run in the background unless this process already runs one; false when one was running. */
  start(): boolean {
    if (this.running) return false;
    void this.run().catch(() => { /* recorded in lastError and logged by run() */ });
    return true;
  }

  /** One run to the end; resolves to the cards it re-encrypted. Joins the run in progress, if any. */
  run(): Promise<number> {
    return (this.running ??= this.runBatches().finally(() => { this.running = null; }));
  }

  async status(): Promise<ReencryptionStatus> {
    const { version } = await this.dataKeys.current();
    const rows = await this.store.prepared<{ version: number; cards: number }>(
      sql`SELECT data_key_version AS version, count(*)::int AS cards FROM cards GROUP BY data_key_version ORDER BY data_key_version`);
    const remaining = rows.filter((row) => row.version < version).reduce((sum, row) => sum + row.cards, 0);
    return { currentVersion: version, remaining, cardsByVersion: rows, running: this.running !== null, cardsDone: this.cardsDone, lastError: this.lastError };
  }

  private async runBatches(): Promise<number> {
    this.cardsDone = 0;
    this.lastError = null;
    try {
      let settled = false;
      let idlePasses = 0;
      for (let batch = 1; ; ) {
        const moved = await this.batch();
        if (moved > 0) {
          this.cardsDone += moved;
          await this.options.afterBatch?.(batch++);
          continue;
        }
        if ((await this.status()).remaining > 0) {
          // Every card left is locked by an order right now, or in another process's batch: look again shortly.
          if (++idlePasses > MAX_IDLE_PASSES) throw new Error('cards stayed locked for a minute; run the rotation again to resume');
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        // A card issued by a process that read the previous version just before the rotation committed may
        // land after our last batch: one more look after a pause catches it.
        if (settled) break;
        settled = true;
        await new Promise((resolve) => setTimeout(resolve, this.options.settle_ms ?? 1000));
      }
      this.log.info({ cards: this.cardsDone }, 'card data re-encrypted with the newest data key');
      return this.cardsDone;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.log.error({ err: error, cards: this.cardsDone }, 'card re-encryption stopped; run the rotation again to resume');
      throw error;
    }
  }

  /** One transaction: lock up to batchSize cards on older versions, re-encrypt them with the newest key. */
  private async batch(): Promise<number> {
    const target = await this.dataKeys.current();
    // Keys first: inside the transaction no other query may run (PGlite has one connection, which the transaction holds).
    await this.dataKeys.loadAll();
    return this.store.transaction(async (run) => {
      const rows = await run<CardCipherRow>(sql`SELECT id, pan_encrypted, cvv_encrypted, data_key_version FROM cards
        WHERE data_key_version < ${target.version} LIMIT ${this.batchSize} FOR UPDATE SKIP LOCKED`);
      if (rows.length === 0) return 0;
      const pans: string[] = [];
      const cvvs: string[] = [];
      for (const row of rows) {
        const old = this.dataKeys.cached(row.data_key_version);
        if (!old) throw new Error(`card ${row.id} names data key version ${row.data_key_version}, which does not exist`);
        pans.push(encryptField(target.key, decryptField(old, row.pan_encrypted, `pan:${row.id}`), `pan:${row.id}`));
        cvvs.push(encryptField(target.key, decryptField(old, row.cvv_encrypted, `cvv:${row.id}`), `cvv:${row.id}`));
      }
      await run(sql`UPDATE cards AS c SET pan_encrypted = v.pan, cvv_encrypted = v.cvv, data_key_version = ${target.version}
        FROM unnest(${rows.map((row) => row.id)}::text[], ${pans}::text[], ${cvvs}::text[]) AS v(id, pan, cvv) WHERE c.id = v.id`);
      return rows.length;
    });
  }
}
