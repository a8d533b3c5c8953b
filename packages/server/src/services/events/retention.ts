import { sql } from 'kysely';
import type { Store } from '../../db/store.ts';

/**
 * Events are kept CARDEPASS_EVENT_RETENTION_DAYS (30 by default), then
 * deleted with their deliveries and attempts (ON DELETE CASCADE). The
 * sequence counters (event_streams) are NOT pruned: a card's sequence must go
 * on counting from where it was, or a receiver would see numbers repeat.
 *
 * Deleting in small batches keeps each statement's locks and WAL short, so a
 * month's backlog (after retention is lowered, say) never stalls deliveries or
 * the money paths that insert events; a bounded number of batches per run
 * keeps one run from hogging the worker, the next run carries on.
 */
export const PRUNE_BATCH = 1_000;
const MAX_BATCHES_PER_RUN = 50;

/** Deletes events older than `retentionDays`; returns how many. */
export async function pruneEvents(store: Store, retentionDays: number, batch = PRUNE_BATCH): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    // Oldest first through events_created; SKIP LOCKED: two workers pruning at once split the work.
    const { rows } = await sql<{ n: number }>`
      WITH doomed AS (
        SELECT id FROM events WHERE created_at < now() - make_interval(days => ${retentionDays}::int)
        ORDER BY created_at LIMIT ${batch} FOR UPDATE SKIP LOCKED),
      gone AS (DELETE FROM events e USING doomed WHERE e.id = doomed.id RETURNING 1)
      SELECT count(*)::int AS n FROM gone`.execute(store.db);
    const n = rows[0]?.n ?? 0;
    deleted += n;
    if (n < batch) break;
  }
  return deleted;
}
