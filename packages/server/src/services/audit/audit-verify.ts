import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export interface AuditVerification { ok: boolean; rows: number; firstBrokenSeq: string | null; headMatches: boolean }

/** Rows read per statement: memory stays bounded however long the log grows. */
export const AUDIT_VERIFY_BATCH_ROWS = 10_000;
const GENESIS_HASH = '0'.repeat(64);

/**
 * Recomputes every row's hash and link, in batches in seq order, carrying the
 * previous row's hash from one batch to the next. The hash is defined once, in
 * SQL (cardepass_audit_hash, which the chain trigger uses too); this only
 * compares. The chain's head is read first: every row up to it has committed
 * (an insert holds the head's row lock until its commit), so a row appended
 * while we read is not mistaken for a broken one. The head must then be the
 * last row checked (a removed last row shows there), and no row may lie beyond
 * the head (a row slipped in with the trigger disabled).
 */
export async function verifyAuditChain(db: Kysely<DB>, options: { batchRows?: number } = {}): Promise<AuditVerification> {
  const batchRows = options.batchRows ?? AUDIT_VERIFY_BATCH_ROWS;
  const head = await readHead(db);
  let rows = 0;
  let firstBroken: bigint | null = null;
  let lastSeq = 0n;
  let previousHash = GENESIS_HASH;
  for (;;) {
    const batch = await sql<{ seq: string; hash: string; prev_hash: string; hash_ok: boolean }>`
      SELECT seq::text AS seq, hash, prev_hash, hash = cardepass_audit_hash(a) AS hash_ok
      FROM audit_log a WHERE a.seq > ${String(lastSeq)}::bigint AND a.seq <= ${String(head.seq)}::bigint
      ORDER BY a.seq LIMIT ${batchRows}`.execute(db);
    for (const row of batch.rows) {
      const seq = BigInt(row.seq);
      // Numbered from 1 with no gap, each hash right, each row linked to the one before it.
      if (firstBroken === null && (seq !== lastSeq + 1n || !row.hash_ok || row.prev_hash !== previousHash)) firstBroken = seq;
      lastSeq = seq;
      previousHash = row.hash;
      rows++;
    }
    if (batch.rows.length < batchRows) break;
  }
  const headMatches = lastSeq === head.seq && previousHash === head.hash;
  const stray = await sql<{ seq: string | null }>`SELECT min(seq)::text AS seq FROM audit_log WHERE seq > ${String(head.seq)}::bigint`.execute(db);
  const strayFrom = stray.rows[0]?.seq ?? null;
  // A row beyond the head read at the start is only suspect if the head has not reached it since.
  if (strayFrom !== null && firstBroken === null && BigInt(strayFrom) > (await readHead(db)).seq) firstBroken = BigInt(strayFrom);
  return { ok: firstBroken === null && headMatches, rows, firstBrokenSeq: firstBroken === null ? null : String(firstBroken), headMatches };
}

async function readHead(db: Kysely<DB>): Promise<{ seq: bigint; hash: string }> {
  const { rows } = await sql<{ last_seq: string; last_hash: string }>`SELECT last_seq::text AS last_seq, last_hash FROM audit_chain`.execute(db);
  return { seq: BigInt(rows[0]?.last_seq ?? '0'), hash: rows[0]?.last_hash ?? GENESIS_HASH };
}
