import { describe, expect, it } from 'vitest';
import {
  formatMinor, minorToJsonNumber, parseAmount, parsePercent, percentOf, percentToJsonNumber,
} from './money.ts';

const minor = (input: unknown, exponent = 2, options?: { allowZero?: boolean }) => {
  const result = parseAmount(input, exponent, options);
  return result.ok ? result.minor : result.reason;
};

describe('parseAmount', () => {
  it('parses JSON numbers and decimal strings into exact minor units', () => {
    expect(minor(100)).toBe(10000n);
    expect(minor(100.5)).toBe(10050n);
    expect(minor(0.07)).toBe(7n);
    expect(minor('0.07')).toBe(7n);
    expect(minor('1250.50')).toBe(125050n);
    expect(minor('  12.3 ')).toBe(1230n);
    expect(minor('007.10')).toBe(710n);
    // 0.29 * 100 is 28.999999999999996 in floating point; parsing from text is exact.
    expect(minor(0.29)).toBe(29n);
    expect(minor(1.005)).toBe('too_many_decimals');
  });

  it('accepts trailing zeros beyond the exponent but not significant extra decimals', () => {
    expect(minor('12.300')).toBe(1230n);
    expect(minor('5.000000')).toBe(500n);
    expect(parseAmount('1.234', 2)).toEqual({ ok: false, reason: 'too_many_decimals', detail: '2' });
    expect(minor(0.1 + 0.2)).toBe('too_many_decimals');
  });

  it('uses the currency exponent (JPY has none)', () => {
    expect(minor('100', 0)).toBe(100n);
    expect(minor('100.0', 0)).toBe(100n);
    expect(minor('100.5', 0)).toBe('too_many_decimals');
    expect(minor('1.5', 3)).toBe(1500n);
  });

  it('rejects zero and negative values unless zero is allowed', () => {
    expect(minor(0)).toBe('not_positive');
    expect(minor('0')).toBe('not_positive');
    expect(minor('0.00')).toBe('not_positive');
    expect(minor(-0)).toBe('not_positive');
    expect(minor(-1)).toBe('not_positive');
    expect(minor('-1')).toBe('not_positive');
    expect(minor(' -0.01')).toBe('not_positive');
    expect(minor('0', 2, { allowZero: true })).toBe(0n);
    expect(minor('0.00', 2, { allowZero: true })).toBe(0n);
    expect(minor('-1', 2, { allowZero: true })).toBe('not_positive');
  });

  it('rejects NaN, infinities, exponents and anything that is not plain decimal text', () => {
    for (const input of [NaN, Infinity, -Infinity, 1e21, 1e-7, '1e3', '1E3', '0x10', '1,000', '', ' ', '.5', '5.', '+5',
      '1 000', '１２', 'NaN', 'Infinity', '1.2.3', null, undefined, true, {}, [], 10n]) {
      expect(minor(input), String(input)).toBe('not_a_number');
    }
  });

  it('rejects absurd sizes: more than 10 integer digits', () => {
    expect(minor('9999999999.99')).toBe(999999999999n);
    expect(minor('12345678901')).toBe('too_large');
    expect(minor(12345678901)).toBe('too_large');
    expect(minor('1' + '0'.repeat(400))).toBe('too_large');
    // Leading zeros do not count.
    expect(minor('00000000000001')).toBe(100n);
  });
});

describe('formatMinor', () => {
  it('renders exactly the exponent number of decimals', () => {
    expect(formatMinor(125050n, 2)).toBe('1250.50');
    expect(formatMinor(5n, 2)).toBe('0.05');
    expect(formatMinor(0n, 2)).toBe('0.00');
    expect(formatMinor(100n, 0)).toBe('100');
    expect(formatMinor(1n, 3)).toBe('0.001');
  });

  it('renders negative amounts with a single leading minus', () => {
    expect(formatMinor(-5n, 2)).toBe('-0.05');
    expect(formatMinor(-12345n, 2)).toBe('-123.45');
    expect(formatMinor(-7n, 0)).toBe('-7');
  });

  it('is exact far beyond floating-point precision', () => {
    expect(formatMinor(123456789012345678901n, 2)).toBe('1234567890123456789.01');
  });

  it('round-trips through parseAmount for many values', () => {
    let value = 1n;
    for (let i = 0; i < 500; i++) {
      value = (value * 7919n + 104729n) % 999999999999n + 1n;
      for (const exponent of [0, 2, 3]) {
        if (value >= 10n ** BigInt(10 + exponent)) continue;
        expect(minor(formatMinor(value, exponent), exponent)).toBe(value);
      }
    }
  });
});

describe('minorToJsonNumber', () => {
  it('produces the exact decimal, with no floating-point artefacts', () => {
    expect(minorToJsonNumber(17n, 2)).toBe(0.17);
    expect(JSON.stringify(minorToJsonNumber(7n + 10n, 2))).toBe('0.17');
    expect(JSON.stringify(minorToJsonNumber(30n, 2))).toBe('0.3');
    expect(minorToJsonNumber(999999999999n, 2)).toBe(9999999999.99);
    expect(minorToJsonNumber(-150n, 2)).toBe(-1.5);
    expect(minorToJsonNumber(0n, 2)).toBe(0);
  });
});

describe('percentOf', () => {
  it('rounds half up to the minor unit', () => {
    // 1.5 %
    expect(percentOf(1000n, 15000n)).toBe(15n);
    expect(percentOf(33n, 15000n)).toBe(0n); // 0.495
    expect(percentOf(34n, 15000n)).toBe(1n); // 0.51
    // 0.5 %: exactly half a minor unit rounds up
    expect(percentOf(100n, 5000n)).toBe(1n); // 0.5
    expect(percentOf(300n, 5000n)).toBe(2n); // 1.5
    expect(percentOf(99n, 5000n)).toBe(0n); // 0.495
  });

  it('handles zero, 100 % and the smallest percentage', () => {
    expect(percentOf(0n, 15000n)).toBe(0n);
    expect(percentOf(12345n, 0n)).toBe(0n);
    expect(percentOf(12345n, 1_000_000n)).toBe(12345n);
    expect(percentOf(500_000n, 1n)).toBe(1n); // 0.5 → 1
    expect(percentOf(499_999n, 1n)).toBe(0n);
  });

  it('stays exact on large amounts', () => {
    // 999 999 999 999 minor × 0.333333 = 333 332 999 999.666667 → 333 333 000 000
    expect(percentOf(999999999999n, 333333n)).toBe(333333000000n);
    // 999 999 999 999 × 0.000001 = 999 999.999999 → 1 000 000
    expect(percentOf(999999999999n, 1n)).toBe(1000000n);
  });
});

describe('parsePercent and percentToJsonNumber', () => {
  it('parses fractions from 0 to 1 with at most 6 decimals into millionths', () => {
    expect(parsePercent('0.015')).toBe(15000n);
    expect(parsePercent(0.015)).toBe(15000n);
    expect(parsePercent(0)).toBe(0n);
    expect(parsePercent('1')).toBe(1_000_000n);
    expect(parsePercent('1.000000')).toBe(1_000_000n);
    expect(parsePercent('0.000001')).toBe(1n);
  });

  it('rejects more than 100 %, negatives, too many decimals and non-numbers', () => {
    for (const input of ['1.5', 1.5, '1.000001', -0.1, '-0.1', '0.0000001', 'abc', '', NaN, Infinity, '1e-2', null, undefined]) {
      expect(parsePercent(input), String(input)).toBeNull();
    }
  });

  it('renders millionths back as the documents show them', () => {
    expect(percentToJsonNumber(15000n)).toBe(0.015);
    expect(percentToJsonNumber(1_000_000n)).toBe(1);
    expect(percentToJsonNumber(0n)).toBe(0);
    expect(percentToJsonNumber(1n)).toBe(0.000001);
  });
});
