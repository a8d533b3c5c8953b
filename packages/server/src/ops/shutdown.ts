import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/store.ts';
import type { WorkerLoop } from '../worker/loop.ts';
import type { WebhookDeliverer } from '../services/webhooks/delivery-worker.ts';

export interface PlatformParts {
  app: FastifyInstance;
  worker: WorkerLoop | null;
  /** Webhook delivery (worker role); optional for callers that run none. */
  deliverer?: WebhookDeliverer | null;
  store: Store;
  /** The whole shutdown's budget; order waits are cut at half of it so their answers go out in time. */
  shutdownTimeoutMs: number;
}

/**
 * Stops a serving process without losing or cutting anything, in the order
 * that makes each step safe for the next:
 * 1. HTTP: the listening socket closes (new connections are refused), idle
 *    keep-alive connections close, every request already received is
 *    answered. Order POSTs wait for their orders as usual; if that takes more
 *    than half the budget they answer the order as it stands (Processing),
 *    which clients confirm through the order query, as the documents say.
 * 2. Worker: no new job is claimed; orders executing here reach their finish
 *    statement (or reschedule). A job cut short by the deadline is still
 *    safe: its lease expires and another worker takes it over. Webhook
 *    sends in flight get a short grace, then are cut and their deliveries
 *    released for another worker (sent again: at least once).
 * 3. Authorizations queued for a batch are decided (after step 1 none can be
 *    added by HTTP; this covers any other caller of the engine).
 * 4. The database pool (or PGlite) closes last, when nothing uses it.
 */
export async function stopPlatform({ app, worker, deliverer, store, shutdownTimeoutMs }: PlatformParts): Promise<void> {
  const cutWaits = setTimeout(() => app.ctx.executor.endWaits(), shutdownTimeoutMs / 2);
  cutWaits.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(cutWaits);
  }
  await worker?.stop();
  await deliverer?.stop();
  await app.ctx.executor.drain();
  await app.ctx.transactions.engine.drain();
  await store.close();
}

export interface ShutdownOptions {
  stop(): Promise<void>;
  timeout_ms: number;
  log: { info(message: string): void; error(message: string): void };
  exit(code: number): void;
}

/**
 * On SIGTERM or SIGINT: stop gracefully and exit 0, or, when that takes longer
 * than the budget (or fails), say so and exit 1 so that the supervisor knows
 * the shutdown was not clean. A second signal does not start a second
 * shutdown; the budget still ends it.
 */
export function exitOnSignals({ stop, timeout_ms, log, exit }: ShutdownOptions): void {
  let started = false;
  const shutdown = (signal: string) => {
    if (started) return;
    started = true;
    log.info(`${signal}: shutting down (at most ${timeout_ms} ms)`);
    const deadline = setTimeout(() => {
      log.error(`shutdown did not finish within ${timeout_ms} ms (CARDEPASS_SHUTDOWN_TIMEOUT_MS); exiting with work unfinished`);
      exit(1);
    }, timeout_ms);
    stop().then(() => {
      clearTimeout(deadline);
      log.info('shutdown complete');
      exit(0);
    }, (error: unknown) => {
      clearTimeout(deadline);
      log.error(`shutdown failed: ${(error as Error)?.message ?? String(error)}`);
      exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
