// Crash recovery: an order whose executing process stopped (here: stuck at the
// issuer channel) is taken over by another worker once its job's lease runs
// out; when the first execution comes back late, it finds the order finished
// and changes nothing. Money moves once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';
import { GatedChannel } from '../../test/gated-channel.ts';
import { applyCard, card, funding, postOk, waitForOrder } from '../../test/standard-kit.ts';
import { SimulatedChannel } from '../channel/simulated.ts';
import { OrderExecutor } from './executor.ts';

describe('order execution after a crash', () => {
  const channel = new GatedChannel();
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ channel, config: { orderWaitMs: 100, jobLeaseMs: 1000 } });
    c = await p.customer({ USD: '1000' });
  });
  afterAll(async () => { channel.release(); await p?.close(); });

  it('another worker finishes an order whose lease expired; the late first execution moves nothing', async () => {
    const { cardId } = await applyCard(p, c, '100'); // funding 893.50, card 100
    const stuck = channel.hold('topUp');
    const processing = await postOk(p, c, 'topup', { cardId, topUpAmount: '20' }, 'Processing');
    await stuck;

    // Another process's worker: same database, its own channel. Before the lease runs out it may not take the job…
    const other = new OrderExecutor(p.store, new SimulatedChannel({ latencyMs: 0, failureRate: 0 }), p.app.ctx.catalog, p.app.ctx.keys,
      p.app.log, { executesInline: true, leaseMs: 1000, maxAttempts: 5 });
    expect(await other.runDueJobs(10)).toBe(0);
    // …after it, it does, and completes the order.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await other.runDueJobs(10)).toBe(1);
    await other.drain();
    expect((await waitForOrder(p, c, processing.orderNo)).status).toBe('Completed');
    expect((await card(p, c, cardId)).balanceAmount).toBe(120);

    // The first execution comes back: the order is no longer Processing, so its finish changes nothing.
    channel.release();
    await p.app.ctx.executor.drain();
    expect((await card(p, c, cardId)).balanceAmount).toBe(120);
    expect(await funding(p, c)).toEqual({ currency: 'USD', amount: 873.2, ledgerAmount: 873.2, heldAmount: 0 });
    const jobs = await p.store.db.selectFrom('jobs').select('ref').execute();
    expect(jobs).toEqual([]);
    await p.expectLedgerClean();
  });
});
