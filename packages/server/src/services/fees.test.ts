import { describe, expect, it } from 'vitest';
import { percentOf } from '@cardepass/contract';
import { computeFee, fixedMinor, largestAmountWithin, type FeeRule } from './fees.ts';

const fixed = (fixedValue: string): FeeRule => ({ feeCode: 'CARD_WITHDRAW', chargeMethodType: 'Fixed', fixedValue, percentMicros: 0n });
const percent = (micros: bigint): FeeRule => ({ feeCode: 'CARD_WITHDRAW', chargeMethodType: 'Percent', fixedValue: '0', percentMicros: micros });

/** The largest a with a + fee(a) ≤ available, by trying every amount from the top: obviously right, slow. */
function bruteForce(rule: FeeRule | undefined, available: bigint): bigint {
  for (let a = available; a > 0n; a--) {
    if (a + computeFee(rule, a, 'USD') <= available) return a;
  }
  return 0n;
}

describe('computeFee', () => {
  it('charges nothing without a rule', () => {
    expect(computeFee(undefined, 10000n, 'USD')).toBe(0n);
  });

  it('charges the fixed value in minor units of the currency, whatever the amount', () => {
    expect(computeFee(fixed('1'), 10000n, 'USD')).toBe(100n);
    expect(computeFee(fixed('2.5'), 1n, 'EUR')).toBe(250n);
    expect(computeFee(fixed('5'), 10000n, 'JPY')).toBe(5n);
    expect(computeFee(fixed('0'), 10000n, 'USD')).toBe(0n);
  });

  it('charges a percentage rounded half up', () => {
    expect(computeFee(percent(15000n), 10000n, 'USD')).toBe(150n); // 1.5 % of 100.00
    expect(computeFee(percent(15000n), 33n, 'USD')).toBe(0n); // 0.495
    expect(computeFee(percent(15000n), 34n, 'USD')).toBe(1n); // 0.51
    expect(computeFee(percent(5000n), 100n, 'USD')).toBe(1n); // exactly 0.5
  });

  it('refuses a fixed value that is invalid for the currency (a programming error, not a 4xx)', () => {
    expect(() => fixedMinor(fixed('0.5'), 'JPY')).toThrow(/Invariant/);
    expect(() => fixedMinor(fixed('abc'), 'USD')).toThrow(/Invariant/);
  });
});

describe('largestAmountWithin', () => {
  it('is the whole balance without a rule', () => {
    expect(largestAmountWithin(undefined, 12345n, 'USD')).toBe(12345n);
    expect(largestAmountWithin(undefined, 0n, 'USD')).toBe(0n);
  });

  it('leaves room for a fixed fee, never going below zero', () => {
    expect(largestAmountWithin(fixed('1'), 10000n, 'USD')).toBe(9900n);
    expect(largestAmountWithin(fixed('1'), 100n, 'USD')).toBe(0n);
    expect(largestAmountWithin(fixed('1'), 99n, 'USD')).toBe(0n);
    expect(largestAmountWithin(fixed('1'), 101n, 'USD')).toBe(1n);
  });

  it('matches brute force exactly for every balance up to 1500 and many percentages', () => {
    const percents = [1n, 4999n, 5000n, 10000n, 15000n, 33333n, 125000n, 333333n, 500000n, 999999n, 1_000_000n];
    for (const micros of percents) {
      const rule = percent(micros);
      for (let available = 0n; available <= 1500n; available++) {
        expect(largestAmountWithin(rule, available, 'USD'), `${micros} micros, available ${available}`).toBe(bruteForce(rule, available));
      }
    }
  });

  it('matches brute force for fixed fees', () => {
    for (const value of ['0', '0.01', '1', '2.5']) {
      for (let available = 0n; available <= 600n; available += 7n) {
        expect(largestAmountWithin(fixed(value), available, 'USD'), `${value}, ${available}`).toBe(bruteForce(fixed(value), available));
      }
    }
  });

  it('is maximal on large balances: a fits, a + 1 does not', () => {
    let available = 987654321n;
    for (let i = 0; i < 2000; i++) {
      available = (available * 48271n) % 2147483647n;
      const micros = BigInt(i * 7919 % 1_000_001);
      const a = largestAmountWithin(percent(micros), available, 'USD');
      expect(a + percentOf(a, micros) <= available, `${micros} ${available}`).toBe(true);
      expect(a + 1n + percentOf(a + 1n, micros) > available, `${micros} ${available}`).toBe(true);
    }
  });
});
