import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { OrderExecutor } from './executor.ts';

// At most this many orders execute at once in one worker; the rest wait in the jobs table.
const MAX_CONCURRENT_ORDERS = 32;
const CLAIM_BATCH = 16;
// Authorizations expire after days; looking every few seconds is plenty.
const EXPIRY_SWEEP_INTERVAL_MS = 5_000;

/** Periodic work besides orders: returns how much it did. */
export type Sweep = () => Promise<number>;

/** The worker loop: polls the jobs table and executes what is due. */
export class WorkerLoop {
  private stopped = true;
  private done: Promise<void> = Promise.resolve();
  private pause = new AbortController();

  private nextSweepAt = 0;

  constructor(
    private readonly executor: OrderExecutor,
    private readonly pollMs: number,
    private readonly log: FastifyBaseLogger,
    private readonly expireAuthorizations: Sweep = async () => 0,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.pause = new AbortController();
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.abort();
    await this.done;
    await this.executor.drain();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      try {
        const room = MAX_CONCURRENT_ORDERS - this.executor.inFlight;
        if (room > 0) claimed = await this.executor.runDueJobs(Math.min(room, CLAIM_BATCH));
        if (Date.now() >= this.nextSweepAt) {
          this.nextSweepAt = Date.now() + EXPIRY_SWEEP_INTERVAL_MS;
          const expired = await this.expireAuthorizations();
          if (expired > 0) this.log.info({ expired }, 'expired authorizations released their holds');
        }
      } catch (error) {
        this.log.error({ err: error }, 'worker poll failed');
      }
      // A full batch suggests more is due: poll again at once.
      if (claimed < CLAIM_BATCH) await sleep(this.pollMs, undefined, { signal: this.pause.signal }).catch(() => {});
    }
  }
}
