import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE_S } from '../../config.ts';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelayMs } from './retry-policy.ts';

const now = new Date('2025-03-01T12:00:00Z');
const lowest = () => 0;
const highest = () => 0.999999;

describe('retry policy', () => {
  it('waits the n-th entry after the n-th failure, ±10 %, and gives up after the last', () => {
    const schedule = DEFAULT_WEBHOOK_RETRY_SCHEDULE_S;
    schedule.forEach((seconds, i) => {
      const failed = { attempt: i + 1, status: 500, retryAfter: null };
      expect(retryDelayMs(failed, schedule, now, lowest)).toBe(seconds * 900);
      expect(retryDelayMs(failed, schedule, now, highest)).toBeLessThanOrEqual(seconds * 1100);
      expect(retryDelayMs(failed, schedule, now, highest)).toBeGreaterThan(seconds * 1099);
      expect(retryDelayMs(failed, schedule, now, () => 0.5)).toBe(seconds * 1000);
    });
    expect(retryDelayMs({ attempt: schedule.length + 1, status: 500, retryAfter: null }, schedule, now)).toBeNull();
    expect(retryDelayMs({ attempt: 1, status: null, retryAfter: null }, [], now)).toBeNull();
  });

  it('honours Retry-After on 429 and 503 only when it asks for more, capped at 24 hours', () => {
    const at = (status: number, retryAfter: string) => retryDelayMs({ attempt: 1, status, retryAfter }, [5], now, () => 0.5);
    expect(at(429, '60')).toBe(60_000);
    expect(at(503, new Date(now.getTime() + 90_000).toUTCString())).toBe(90_000);
    expect(at(429, '2')).toBe(5_000);
    expect(at(500, '60')).toBe(5_000);
    expect(at(400, '60')).toBe(5_000);
    expect(at(429, String(30 * 24 * 3600))).toBe(MAX_RETRY_AFTER_MS);
    expect(at(429, 'soon')).toBe(5_000);
    // Exhausted stays exhausted, whatever the receiver asks.
    expect(retryDelayMs({ attempt: 2, status: 429, retryAfter: '60' }, [5], now)).toBeNull();
  });

  it('parses delay-seconds and HTTP dates; nothing for junk, zero or the past', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 7 ', now)).toBe(7_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:59:00 GMT', now)).toBeNull();
    expect(parseRetryAfter('0', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
