import { describe, expect, it } from 'vitest';
import { AccountAffineQueue } from './batch-queue.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('AccountAffineQueue', () => {
  it('sends a request at once when idle, then batches what arrives while its account is busy', async () => {
    const batches: string[][] = [];
    let release: () => void = () => {};
    const queue = new AccountAffineQueue<string, string>({ maxBatch: 10, maxConcurrentBatches: 4, maxQueued: 100 }, () => 'hot', async (batch) => {
      batches.push(batch);
      if (batches.length === 1) await new Promise<void>((resolve) => { release = resolve; });
      return batch.map((r) => `ok:${r}`);
    });
    const first = queue.submit('a');
    await tick();
    const rest = ['b', 'c', 'd'].map((r) => queue.submit(r));
    await tick();
    expect(batches).toEqual([['a']]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual(['ok:a', 'ok:b', 'ok:c', 'ok:d']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('runs batches for different accounts side by side, never two for one account', async () => {
    let inFlight = 0;
    let most = 0;
    const active = new Set<string>();
    const queue = new AccountAffineQueue<string, string>({ maxBatch: 2, maxConcurrentBatches: 3, maxQueued: 100 }, (r) => r[0]!, async (batch) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (const r of batch) { expect(active.has(r[0]!)).toBe(false); }
      for (const r of batch) active.add(r[0]!);
      await tick();
      for (const r of batch) active.delete(r[0]!);
      inFlight--;
      return batch;
    });
    const requests = ['x1', 'y1', 'x2', 'z1', 'y2', 'x3', 'z2', 'w1'];
    expect(await Promise.all(requests.map((r) => queue.submit(r)))).toEqual(requests);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('while a batch is in flight, starts another only once minBatchWhileBusy requests wait for it', async () => {
    const batches: string[][] = [];
    const releases: Array<() => void> = [];
    const queue = new AccountAffineQueue<string, string>({ maxBatch: 10, maxConcurrentBatches: 2, maxQueued: 100, minBatchWhileBusy: 3 }, () => null, async (batch) => {
      batches.push(batch);
      await new Promise<void>((resolve) => { releases.push(resolve); });
      return batch;
    });
    const answers = [queue.submit('a')];
    await tick();
    answers.push(queue.submit('b'), queue.submit('c'));
    await tick();
    expect(batches).toEqual([['a']]);                     // idle: at once, alone; two waiting: not yet a batch
    answers.push(queue.submit('d'));
    await tick();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);   // the third makes one: the second slot takes it
    answers.push(queue.submit('e'));
    await tick();
    expect(batches).toHaveLength(2);                      // both slots busy
    releases[0]!();
    await tick();
    expect(batches).toHaveLength(2);                      // a slot is free, but a batch is in flight and 'e' is alone: it waits
    releases[1]!();
    await tick();
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e']]); // nothing in flight: at once, alone
    releases[2]!();
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses beyond the queue limit and fails a whole batch when its transaction fails', async () => {
    const queue = new AccountAffineQueue<string, string>({ maxBatch: 10, maxConcurrentBatches: 1, maxQueued: 2 }, () => 'k', async () => {
      await tick();
      throw new Error('database down');
    });
    const running = queue.submit('a');
    const waiting = [queue.submit('b'), queue.submit('c')];
    await expect(queue.submit('d')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(running).rejects.toThrow('database down');
    for (const w of waiting) await expect(w).rejects.toThrow('database down');
    expect(queue.queued).toBe(0);
  });
});
