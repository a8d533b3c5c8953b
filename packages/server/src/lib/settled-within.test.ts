import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { settledWithin } from './settled-within.ts';

// Order requests wait for their execution (CARDEPASS_ORDER_WAIT_MS) and the webhook worker for a free slot with
// it: a wait must not outlive what it waits for (a race against a sleep left a timer and an abort listener behind).
describe('settledWithin', () => {
  it('answers the value as soon as the promise settles and leaves no listener behind', async () => {
    const ended = new AbortController();
    const started = Date.now();
    expect(await settledWithin(Promise.resolve('done'), 60_000, ended.signal)).toBe('done');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(0);
    await expect(settledWithin(Promise.reject(new Error('boom')), 60_000, ended.signal)).rejects.toThrow('boom');
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(0);
  });

  it('answers undefined after the timeout, or at once when the waits end', async () => {
    const ended = new AbortController();
    const never = new Promise<string>(() => {});
    expect(await settledWithin(never, 20, ended.signal)).toBeUndefined();
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(0);
    const waiting = settledWithin(never, 60_000, ended.signal);
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(1);
    ended.abort();
    expect(await waiting).toBeUndefined();
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(0);
    expect(await settledWithin(Promise.resolve('late'), 60_000, ended.signal)).toBeUndefined();
  });
});
