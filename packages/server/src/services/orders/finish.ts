import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../../db/store.ts';
import { movementCtes, withDeadlockRetry, type Movement } from '../ledger/movement.ts';
import { orderFromDb, type OrderRow } from './model.ts';

export interface FinishSpec {
  order: OrderRow;
  status: 'Completed' | 'Failure';
  failureReason: string | null;
  detailPatch: Record<string, unknown>;
  /** The money: postings on success, and the release of the order's hold either way. */
  movement: Movement;
  /** What happens to the card row, gated on the order having been Processing (a statement using `ord`). */
  cardChange: RawBuilder<unknown> | null;
}

/**
 * Finishes an order in one statement: the order leaves Processing (only once:
 * a second finisher matches no row and changes nothing), the hold is released,
 * money moves as one balanced journal entry, the card changes, the job goes.
 * Returns the finished order, or null when it had already been finished.
 */
export async function finishOrder(store: Store, spec: FinishSpec): Promise<OrderRow | null> {
  const { ctes, check } = movementCtes(spec.movement, 'ord');
  const cardChange = spec.cardChange ?? sql`SELECT 1`;
  const statement = sql<Record<string, unknown>>`
    WITH ord AS (
      UPDATE orders SET status = ${spec.status}, failure_reason = ${spec.failureReason},
        detail = detail || ${JSON.stringify(spec.detailPatch)}::jsonb,
        modified_at = now(), completed_at = now(),
        paid_at = CASE WHEN ${spec.status} = 'Completed' AND hold_minor > 0 THEN now() END
      WHERE order_no = ${spec.order.orderNo} AND status = 'Processing'
      RETURNING *
    ),
    ${ctes},
    card_change AS (${cardChange}),
    job AS (DELETE FROM jobs WHERE ref = ${spec.order.orderNo} AND EXISTS (SELECT 1 FROM ord))
    SELECT ord.*, ${check} AS checked FROM ord`;
  const rows = await withDeadlockRetry(() => store.prepared<Record<string, unknown>>(statement));
  return rows[0] ? orderFromDb(rows[0]) : null;
}
