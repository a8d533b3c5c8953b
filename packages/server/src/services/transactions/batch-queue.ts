import { ApiError } from '../../lib/api-error.ts';

export interface BatchLimits {
  /** Most requests decided in one transaction. */
  maxBatch: number;
  /** Most batches in flight at once (each holds one database connection). */
  maxConcurrentBatches: number;
  /** Most requests waiting; beyond it new ones are refused with 503 rather than queue without bound. */
  maxQueued: number;
  /**
   * While a batch is in flight, the next one starts only once it has this many requests (default 1):
   * a second slot then takes a crowd that arrived meanwhile, never a lone request.
   */
  minBatchWhileBusy?: number;
}

interface Waiting<R, O> { request: R; resolve: (outcome: O) => void; reject: (error: unknown) => void }

/**
 * Collects requests into batches such that no two batches in flight touch the
 * same key (the ledger account a request locks). While a batch holds an
 * account, requests for it wait, and all of them go into the next batch
 * together: a hot account is then locked once per batch instead of once per
 * request, and batches never queue behind each other's row locks in the
 * database. Requests for other accounts form batches of their own in parallel.
 * With nothing in flight a request is sent at once, alone: no timer, no
 * added latency when idle.
 */
export class AccountAffineQueue<R, O> {
  private waiting: Array<Waiting<R, O>> = [];
  private readonly busy = new Set<string>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly limits: BatchLimits,
    /** The account a request locks; null for a request that locks nothing (reads), which any batch may take. */
    private readonly keyOf: (request: R) => bigint | string | null,
    private readonly run: (batch: R[]) => Promise<O[]>,
  ) {}

  get queued(): number { return this.waiting.length; }

  /** Resolves once nothing waits or runs: graceful shutdown lets every queued request get its answer. */
  whenIdle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  submit(request: R): Promise<O> {
    if (this.waiting.length >= this.limits.maxQueued) {
      return Promise.reject(new ApiError('SERVICE_UNAVAILABLE'));
    }
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.limits.maxConcurrentBatches && this.waiting.length > 0) {
      const batch: Array<Waiting<R, O>> = [];
      const keys = new Set<string>();
      const rest: Array<Waiting<R, O>> = [];
      for (const item of this.waiting) {
        const key = this.keyOf(item.request);
        const name = key === null ? null : String(key);
        if (batch.length < this.limits.maxBatch && (name === null || !this.busy.has(name))) {
          batch.push(item);
          if (name !== null) keys.add(name);
        } else {
          rest.push(item);
        }
      }
      if (batch.length === 0 || (this.running > 0 && batch.length < (this.limits.minBatchWhileBusy ?? 1))) return;
      this.waiting = rest;
      for (const key of keys) this.busy.add(key);
      this.running++;
      this.run(batch.map((item) => item.request)).then(
        (outcomes) => batch.forEach((item, i) => item.resolve(outcomes[i]!)),
        (error: unknown) => batch.forEach((item) => item.reject(error)),
      ).finally(() => {
        for (const key of keys) this.busy.delete(key);
        this.running--;
        this.pump();
        if (this.running === 0 && this.waiting.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }
}
