// client.orders: the two card modes' order endpoints, and waitFor, which polls
// an order until it is final — the documents' way to confirm an order whose
// POST answered while it was still Processing.
import type { ShareBalanceOrder, StandardOrder } from '../wire-types.ts';
import type { ApiClient } from '../core.ts';
import { CardepassError, TimeoutError } from '../errors.ts';
import type { OrderRef } from '../request-params.ts';
import { sleep } from '../retry.ts';
import { ShareBalanceOrders } from './orders-sharebalance.ts';
import { StandardOrders } from './orders-standard.ts';

export interface WaitForOptions {
  /** Which order query to poll (default `standard`). */
  mode?: 'standard' | 'shareBalance';
  /** Give up after this long (default 60 000, at most 1 800 000). */
  timeout_ms?: number;
  /** Pause between polls (default 1 000, from 50 to 60 000). */
  interval_ms?: number;
  signal?: AbortSignal;
}

export const WAIT_DEFAULT_TIMEOUT_MS = 60_000;
export const WAIT_MAX_TIMEOUT_MS = 30 * 60_000;
export const WAIT_DEFAULT_INTERVAL_MS = 1_000;
export const WAIT_MIN_INTERVAL_MS = 50;
export const WAIT_MAX_INTERVAL_MS = 60_000;

const FINAL_STATUSES: ReadonlySet<string> = new Set(['Completed', 'Failure']);

const within = (value: number | undefined, fallback: number, min: number, max: number) =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, value));

export class Orders {
  readonly standard: StandardOrders;
  readonly shareBalance: ShareBalanceOrders;

  constructor(api: ApiClient) {
    this.standard = new StandardOrders(api);
    this.shareBalance = new ShareBalanceOrders(api);
  }

  /**
   * Polls the order until its status is Completed or Failure and returns it
   * (a Failure is returned, not thrown: `failureReason` says why). Throws
   * TimeoutError if it is still Processing after timeout_ms.
   */
  waitFor(ref: OrderRef, options?: WaitForOptions & { mode?: 'standard' }): Promise<StandardOrder>;
  waitFor(ref: OrderRef, options: WaitForOptions & { mode: 'shareBalance' }): Promise<ShareBalanceOrder>;
  async waitFor(ref: OrderRef, options: WaitForOptions = {}): Promise<StandardOrder | ShareBalanceOrder> {
    const mode = options.mode ?? 'standard';
    if (mode !== 'standard' && mode !== 'shareBalance') throw new CardepassError(`mode must be 'standard' or 'shareBalance', got '${String(mode)}'`);
    const timeout_ms = within(options.timeout_ms, WAIT_DEFAULT_TIMEOUT_MS, 0, WAIT_MAX_TIMEOUT_MS);
    const interval_ms = within(options.interval_ms, WAIT_DEFAULT_INTERVAL_MS, WAIT_MIN_INTERVAL_MS, WAIT_MAX_INTERVAL_MS);
    const resource = mode === 'standard' ? this.standard : this.shareBalance;
    const deadline = Date.now() + timeout_ms;
    for (;;) {
      const order: StandardOrder | ShareBalanceOrder = await resource.retrieve(ref, { signal: options.signal });
      if (order.status !== undefined && FINAL_STATUSES.has(order.status)) return order;
      const left_ms = deadline - Date.now();
      if (left_ms <= 0) {
        const name = typeof ref === 'string' ? ref : JSON.stringify(ref);
        throw new TimeoutError(`Order ${name} is still ${order.status ?? 'not final'} after ${timeout_ms} ms`);
      }
      await sleep(Math.min(interval_ms, left_ms), options.signal);
    }
  }
}
