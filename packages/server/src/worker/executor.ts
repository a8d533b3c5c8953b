import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../db/store.ts';
import { ChannelDeclinedError, type IssuerChannel } from '../channel/channel.ts';
import type { Catalog } from '../services/catalog.ts';
import { finishOrder } from '../services/orders/finish.ts';
import { FINAL_STATUSES, orderFromDb, type OrderRow } from '../services/orders/model.ts';
import { settledWithin } from '../lib/settled-within.ts';
import { completion, failure } from '../services/orders/outcomes.ts';
import type { MoneyOrderBatches } from '../services/orders/money-batches.ts';
import type { Keys } from '../context.ts';
import type { OrderDispatcher } from '../services/orders/pipeline.ts';

export interface ExecutorOptions {
  executesInline: boolean;
  leaseMs: number;
  maxAttempts: number;
}

// Retried channel calls back off 1 s, 2 s, 4 s … up to a minute.
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;
// A PAN collision (unique index) is astronomically rare; a few new draws settle it.
const ISSUE_ATTEMPTS = 3;

/**
 * Executes accepted orders: calls the issuer channel, then finishes the order.
 * Orders this process accepted run at once (their jobs were leased at birth);
 * the worker loop picks up the rest, including those of a crashed process
 * once their lease expires.
 */
export class OrderExecutor implements OrderDispatcher {
  readonly executesInline: boolean;
  readonly leaseMs: number;
  /** Told of each order this process finished (the /metrics counters); null when nobody listens. */
  onOrderFinished: ((order: OrderRow) => void) | null = null;
  private readonly running = new Map<string, Promise<OrderRow>>();
  private readonly waitsEnded = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly channel: IssuerChannel,
    private readonly catalog: Catalog,
    private readonly keys: Keys,
    private readonly log: FastifyBaseLogger,
    private readonly options: ExecutorOptions,
    /** Completes top-ups and withdrawals in batches; null finishes every order alone. */
    private readonly batches: MoneyOrderBatches | null = null,
  ) {
    // One listener per order request waiting right now, each removed when its wait ends (settledWithin):
    // past ten is load, not a leak, and Node's leak warning would say otherwise.
    setMaxListeners(0, this.waitsEnded.signal);
    this.executesInline = options.executesInline;
    this.leaseMs = options.leaseMs;
  }

  get inFlight(): number { return this.running.size; }

  dispatch(order: OrderRow, cardAccountId: bigint | null, attempt = 1): Promise<OrderRow> {
    const existing = this.running.get(order.orderNo);
    if (existing) return existing;
    const run = this.execute(order, cardAccountId, attempt).catch((error: unknown) => {
      this.log.error({ err: error, orderNo: order.orderNo }, 'order execution failed; the job will be retried');
      return order;
    }).finally(() => this.running.delete(order.orderNo));
    this.running.set(order.orderNo, run);
    return run;
  }

  /** The order once final, or as it stands after timeoutMs (or once endWaits is called). */
  async waitFor(order: OrderRow, timeoutMs: number): Promise<OrderRow> {
    if (FINAL_STATUSES.has(order.status)) return order;
    const deadline = Date.now() + timeoutMs;
    const signal = this.waitsEnded.signal;
    const running = this.running.get(order.orderNo);
    if (running) {
      const result = await settledWithin(running, timeoutMs, signal);
      if (result && FINAL_STATUSES.has(result.status)) return result;
    }
    // Executed elsewhere (another process, or a retry later): poll, backing off.
    for (let pause = 20; ; pause = Math.min(pause * 2, 200)) {
      const current = await this.load(order.orderNo);
      if (!current || FINAL_STATUSES.has(current.status) || Date.now() >= deadline || signal.aborted) return current ?? order;
      await sleep(Math.min(pause, Math.max(0, deadline - Date.now())), undefined, { signal }).catch(() => {});
    }
  }

  /** Graceful shutdown: every wait, now and later, answers its order as it stands instead of waiting on. */
  endWaits(): void { this.waitsEnded.abort(); }

  async load(orderNo: string): Promise<OrderRow | undefined> {
    const row = await this.store.db.selectFrom('orders').selectAll().where('order_no', '=', orderNo).executeTakeFirst();
    return row ? orderFromDb(row) : undefined;
  }

  /** Claims due jobs (skipping those another worker holds) and runs them; returns how many it started. */
  async runDueJobs(limit: number): Promise<number> {
    const { rows } = await sql<Record<string, unknown>>`
      WITH claimed AS (
        UPDATE jobs SET locked_until = now() + ${`${this.leaseMs} milliseconds`}::interval, attempts = attempts + 1
        WHERE id IN (SELECT id FROM jobs WHERE run_at <= now() AND (locked_until IS NULL OR locked_until < now())
                     ORDER BY run_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING ref, attempts)
      SELECT o.*, claimed.attempts AS job_attempts, a.id AS card_account_id
      FROM claimed JOIN orders o ON o.order_no = claimed.ref
      LEFT JOIN ledger_accounts a ON a.card_id = o.card_id AND o.order_type = 'ApplyCard'`.execute(this.store.db);
    for (const row of rows) {
      const order = orderFromDb(row);
      if (FINAL_STATUSES.has(order.status)) {
        await this.store.db.deleteFrom('jobs').where('ref', '=', order.orderNo).execute();
        continue;
      }
      void this.dispatch(order, row.card_account_id === null ? null : BigInt(row.card_account_id as bigint), Number(row.job_attempts));
    }
    return rows.length;
  }

  private async execute(order: OrderRow, cardAccountId: bigint | null, attempt: number): Promise<OrderRow> {
    let finished: OrderRow | null;
    try {
      finished = await this.complete(order, cardAccountId);
    } catch (error) {
      if (error instanceof ChannelDeclinedError) {
        finished = await finishOrder(this.store, failure(order, error.message));
      } else if (attempt >= this.options.maxAttempts) {
        this.log.error({ err: error, orderNo: order.orderNo }, 'order failed after its last attempt');
        finished = await finishOrder(this.store, failure(order, `Issuer channel unavailable after ${attempt} attempts`));
      } else {
        await this.reschedule(order.orderNo, attempt, error);
        return order;
      }
    }
    if (finished) this.onOrderFinished?.(finished);
    return finished ?? (await this.load(order.orderNo)) ?? order;
  }

  private async complete(order: OrderRow, cardAccountId: bigint | null): Promise<OrderRow | null> {
    const request = { orderNo: order.orderNo, cardId: order.cardId!, currency: order.currency, amountMinor: order.amountMinor };
    switch (order.orderType) {
      case 'ApplyCard': {
        const product = await this.catalog.get(order.detail.productCode);
        if (!product) throw new ChannelDeclinedError(`Product ${order.detail.productCode} no longer exists`);
        // A Standard card's ledger account was created with the order; a ShareBalance card has none.
        if (cardAccountId === null && order.cardModel === 'Standard') throw new Error(`card account of ${order.orderNo} missing`);
        for (let draw = 1; ; draw++) {
          const card = await this.channel.issue({ ...request, binRange: product.binRange, validityMonths: product.validityMonths, initialAmountMinor: order.amountMinor });
          try {
            const sealing = await this.keys.dataKeys.current();
            return await finishOrder(this.store, completion(order, { sealing, panMac: this.keys.panMac }, { card, cardAccountId, cardOrganization: product.cardOrganization, productCode: product.code }));
          } catch (error) {
            const e = error as { code?: string; constraint?: string };
            if (e.code !== '23505' || draw >= ISSUE_ATTEMPTS) throw error;
          }
        }
      }
      case 'CardTopUp': await this.channel.topUp(request); break;
      case 'CardWithdraw': await this.channel.withdraw(request); break;
      case 'CardBlock': await this.channel.block(request); break;
      case 'CardUnblock': await this.channel.unblock(request); break;
      case 'CardCancel': await this.channel.cancel(request); break;
      case 'CreditLimit': {
        const limits = order.detail.limits!;
        await this.channel.setLimits({
          ...request, maxAuthMinor: BigInt(limits.maxAuthMinor), maxCreditMinor: limits.maxCreditMinor === null ? null : BigInt(limits.maxCreditMinor),
        });
        break;
      }
      default: throw new ChannelDeclinedError(`Order type ${order.orderType} is not supported`);
    }
    return this.batches ? this.batches.complete(order) : finishOrder(this.store, completion(order));
  }

  private async reschedule(orderNo: string, attempt: number, error: unknown): Promise<void> {
    const delayMs = Math.min(RETRY_BASE_MS * 2 ** (attempt - 1), RETRY_MAX_MS);
    await this.store.db.updateTable('jobs')
      .set({ run_at: new Date(Date.now() + delayMs), locked_until: null, last_error: String((error as Error)?.message ?? error).slice(0, 500) })
      .where('ref', '=', orderNo).execute();
  }

  /** Waits for the orders this process is executing (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
    await this.batches?.drain();
  }
}
