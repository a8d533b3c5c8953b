import { describe, expect, it } from 'vitest';
import { ChannelDeclinedError, type IssueRequest } from './channel.ts';
import { SimulatedChannel, isLuhnValid, luhnCheckDigit } from './simulated.ts';

const request = (o: Partial<IssueRequest> = {}): IssueRequest => ({
  orderNo: 'ORD1', cardId: 'CARD1', binRange: '522981', validityMonths: 36, currency: 'USD', initialAmountMinor: 10000n, ...o,
});
const channelAt = (iso: string, o: { latencyMs?: number; failureRate?: number } = {}) =>
  new SimulatedChannel({ latencyMs: o.latencyMs ?? 0, failureRate: o.failureRate ?? 0, now: () => new Date(iso) });

describe('Luhn', () => {
  it('computes the check digit of well-known numbers', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(luhnCheckDigit('411111111111111')).toBe(1);
    expect(luhnCheckDigit('555555555555444')).toBe(4);
    expect(luhnCheckDigit('000000000000000')).toBe(0);
  });

  it('validates PANs', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('5555555555554444')).toBe(true);
    expect(isLuhnValid('79927398713')).toBe(false); // valid Luhn, but 11 digits is not a PAN
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('4111 1111 1111 1111')).toBe(false);
    expect(isLuhnValid('41111111111111a1')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
  });

  it('catches every single-digit error', () => {
    const pan = '5229811234567893';
    expect(isLuhnValid(pan)).toBe(true);
    for (let i = 0; i < pan.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === pan[i]) continue;
        expect(isLuhnValid(pan.slice(0, i) + d + pan.slice(i + 1)), `${i}:${d}`).toBe(false);
      }
    }
  });
});

describe('SimulatedChannel.issue', () => {
  it('issues 16-digit Luhn-valid PANs in the BIN range, all different', async () => {
    const channel = channelAt('2025-01-15T10:00:00Z');
    const pans = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const card = await channel.issue(request());
      expect(card.pan).toMatch(/^522981\d{10}$/);
      expect(isLuhnValid(card.pan), card.pan).toBe(true);
      expect(card.cvv).toMatch(/^\d{3}$/);
      pans.add(card.pan);
    }
    expect(pans.size).toBe(200);
  });

  it('keeps 8-digit BIN prefixes', async () => {
    const card = await channelAt('2025-01-15T10:00:00Z').issue(request({ binRange: '48593210' }));
    expect(card.pan).toMatch(/^48593210\d{8}$/);
    expect(isLuhnValid(card.pan)).toBe(true);
  });

  it('expires on the last day of the month validityMonths ahead, as MM/YY', async () => {
    const cases: Array<[string, number, string, string]> = [
      ['2025-01-15T10:00:00Z', 36, '01/28', '2028-01-31'],
      ['2025-12-31T23:59:59Z', 1, '01/26', '2026-01-31'],
      ['2024-02-29T00:00:00Z', 24, '02/26', '2026-02-28'],
      ['2025-03-31T12:00:00Z', 11, '02/26', '2026-02-28'],
      ['2025-06-01T00:00:00Z', 120, '06/35', '2035-06-30'],
    ];
    for (const [now, months, expiry, lastDay] of cases) {
      const card = await channelAt(now).issue(request({ validityMonths: months }));
      expect(card.expiry, `${now} + ${months}`).toBe(expiry);
      expect(card.expiresAt.toISOString().slice(0, 10), `${now} + ${months}`).toBe(lastDay);
    }
  });

  it('declines every call at failure rate 1, none at 0', async () => {
    const failing = channelAt('2025-01-15T10:00:00Z', { failureRate: 1 });
    await expect(failing.issue(request())).rejects.toBeInstanceOf(ChannelDeclinedError);
    await expect(failing.topUp({ orderNo: 'O', cardId: 'C', currency: 'USD', amountMinor: 1n })).rejects.toThrow(/topUp/);
    const working = channelAt('2025-01-15T10:00:00Z', { failureRate: 0 });
    for (let i = 0; i < 50; i++) await working.cancel({ orderNo: 'O', cardId: 'C', currency: 'USD', amountMinor: 0n });
  });

  it('waits the configured latency', async () => {
    const started = performance.now();
    await channelAt('2025-01-15T10:00:00Z', { latencyMs: 40 }).block({ orderNo: 'O', cardId: 'C', currency: 'USD', amountMinor: 0n });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });
});
