import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { withDeadlockRetry } from '../ledger/movement.ts';
import { AccountAffineQueue, type BatchLimits } from '../transactions/batch-queue.ts';
import { acceptBatch, batchAccepts } from './accept-batch.ts';
import { acceptOrder, type AcceptOutcome, type AcceptSpec } from './accept.ts';
import { batchCompletes, completeBatch } from './finish-batch.ts';
import { finishOrder } from './finish.ts';
import type { OrderRow } from './model.ts';
import { completion } from './outcomes.ts';

/**
 * Whether a batch's error can come from one of its orders (a constraint, a data error, an abort of our own): then
 * the batch is redone one order at a time. Any other error (the connection, the server, a statement it does not
 * know) is everyone's: it fails the whole batch, as it would have failed each order alone.
 */
function causedByAnOrder(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('23') || code.startsWith('22') || code === 'P0001');
}

/**
 * Top-ups and withdrawals, accepted and completed in batches: group commit in
 * the application, as the authorization engine does. The new orders that
 * arrive while an accept batch is in the database go into the next one, one
 * statement and one commit for all of them; the same for orders whose channel
 * call came back, on a second queue. Each queue has one batch in flight: the
 * two batches lock the same funding accounts and take turns at them, but
 * their commits overlap. Each order is still its own journal entry.
 *
 * A batch accepts only the plain case (accept-batch.ts); an order it did not
 * accept, and every order of a batch the database refused because of what one
 * order holds, is decided alone by acceptOrder or finishOrder, so each answer
 * and each error is exactly the one a lone request gets.
 */
export class MoneyOrderBatches {
  private readonly accepts: AccountAffineQueue<AcceptSpec, AcceptOutcome | null>;
  private readonly completes: AccountAffineQueue<OrderRow, OrderRow | Error | null>;

  constructor(private readonly store: Store, limits: BatchLimits) {
    this.accepts = new AccountAffineQueue(limits, () => null, (specs) => this.acceptBatch(specs));
    this.completes = new AccountAffineQueue(limits, () => null, (orders) => this.completeBatch(orders));
  }

  /** Accepts the order in a batch when it can; otherwise alone (which also says why it was refused). */
  async accept(spec: AcceptSpec): Promise<AcceptOutcome> {
    const batched = batchAccepts(spec) ? await this.accepts.submit(spec) : null;
    return batched ?? acceptOrder(this.store, spec);
  }

  /** Completes the order (its channel call succeeded): the completed order, or null if it had already been finished. */
  async complete(order: OrderRow): Promise<OrderRow | null> {
    if (!batchCompletes(order)) return finishOrder(this.store, completion(order));
    let answer: OrderRow | Error | null;
    try {
      answer = await this.completes.submit(order);
    } catch (error) {
      // A full queue must not fail an order whose channel call succeeded (a retry would call the channel again).
      if (!(error instanceof ApiError && error.code === 'SERVICE_UNAVAILABLE')) throw error;
      return finishOrder(this.store, completion(order));
    }
    if (answer instanceof Error) throw answer;
    return answer;
  }

  /** Resolves once no batch waits or runs (graceful shutdown). */
  async drain(): Promise<void> { await Promise.all([this.accepts.whenIdle(), this.completes.whenIdle()]); }

  private async acceptBatch(specs: AcceptSpec[]): Promise<Array<AcceptOutcome | null>> {
    const batch = acceptBatch(specs);
    try {
      return batch.outcomes(await withDeadlockRetry(() => this.store.prepared<{ order_no: string; created_at: Date }>(batch.statement)));
    } catch (error) {
      if (!causedByAnOrder(error)) throw error;
      // Nothing was written (one statement): each order is decided alone, and a refusal or an error is its own.
      return specs.map(() => null);
    }
  }

  private async completeBatch(orders: OrderRow[]): Promise<Array<OrderRow | Error | null>> {
    const batch = completeBatch(orders);
    try {
      return batch.outcomes(await withDeadlockRetry(() => this.store.prepared<Record<string, unknown>>(batch.statement)));
    } catch (error) {
      if (!causedByAnOrder(error)) throw error;
      const alone = await Promise.allSettled(orders.map((o) => finishOrder(this.store, completion(o))));
      return alone.map((r) => (r.status === 'fulfilled' ? r.value : r.reason instanceof Error ? r.reason : new Error(String(r.reason))));
    }
  }
}
