import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { parseDateRange } from './date-range.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const range = (from?: string, to?: string) => {
  const r = parseDateRange(from, to);
  return { from: iso(r.from), toExclusive: iso(r.toExclusive) };
};
/** The ApiError parseDateRange throws, as { code, params }. */
function failure(from?: string, to?: string): { code: string; params: Record<string, unknown> } {
  try {
    parseDateRange(from, to);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    return { code: e.code, params: e.params };
  }
  throw new Error(`expected ${from}..${to} to be rejected`);
}

describe('parseDateRange', () => {
  it('is open on both ends without values', () => {
    expect(range()).toEqual({ from: null, toExclusive: null });
    expect(range('', '')).toEqual({ from: null, toExclusive: null });
  });

  it('makes a date-only value cover the whole UTC day', () => {
    expect(range('2025-01-15', '2025-01-15')).toEqual({ from: '2025-01-15T00:00:00.000Z', toExclusive: '2025-01-16T00:00:00.000Z' });
    expect(range(undefined, '2024-12-31')).toEqual({ from: null, toExclusive: '2025-01-01T00:00:00.000Z' });
    expect(range(undefined, '2024-02-29')).toEqual({ from: null, toExclusive: '2024-03-01T00:00:00.000Z' });
  });

  it('reads date-times as instants, UTC when no zone is given, the upper bound inclusive', () => {
    expect(range('2025-01-15T08:30:00Z', '2025-01-15T09:00:00Z'))
      .toEqual({ from: '2025-01-15T08:30:00.000Z', toExclusive: '2025-01-15T09:00:00.001Z' });
    expect(range('2025-01-15T08:30')).toEqual({ from: '2025-01-15T08:30:00.000Z', toExclusive: null });
    expect(range('2025-01-15T08:30:00.250+08:00')).toEqual({ from: '2025-01-15T00:30:00.250Z', toExclusive: null });
    // One instant: from equal to to is a valid (one-millisecond) range.
    expect(range('2025-01-15T08:30:00Z', '2025-01-15T08:30:00Z').toExclusive).toBe('2025-01-15T08:30:00.001Z');
  });

  it('rejects from later than to', () => {
    expect(failure('2025-01-16', '2025-01-15')).toEqual({ code: 'INVALID_DATE_RANGE', params: { field: 'TransactionDateFrom', other: 'TransactionDateTo' } });
    expect(failure('2025-01-15T10:00:00Z', '2025-01-15T09:59:59Z').code).toBe('INVALID_DATE_RANGE');
  });

  it('accepts exactly three months and rejects one day more', () => {
    expect(range('2025-01-01', '2025-03-31').toExclusive).toBe('2025-04-01T00:00:00.000Z');
    expect(failure('2025-01-01', '2025-04-01')).toEqual({ code: 'DATE_RANGE_TOO_LONG', params: { months: 3 } });
    expect(range('2025-01-01T00:00:00Z', '2025-03-31T23:59:59.999Z').toExclusive).toBe('2025-04-01T00:00:00.000Z');
    expect(failure('2025-01-01T00:00:00Z', '2025-04-01T00:00:00Z').code).toBe('DATE_RANGE_TOO_LONG');
    expect(failure('2024-01-01', '2025-01-01').code).toBe('DATE_RANGE_TOO_LONG');
  });

  it('rejects malformed values, naming the field', () => {
    for (const bad of ['yesterday', '2025-1-5', '20250105', '2025-13-01', '2025-02-30', '2025-00-10', '2025-01-15T25:00:00Z',
      '2025-01-15 08:30', '2025-01-15T08:30:00+0800', '1736899200', '2025-01-15T08:30:00ZZ']) {
      const fromFailure = failure(bad, undefined);
      expect(fromFailure.code, bad).toBe('VALIDATION_FAILED');
      expect(fromFailure.params.field, bad).toBe('TransactionDateFrom');
      expect(failure(undefined, bad).params.field, bad).toBe('TransactionDateTo');
    }
  });

  it('rejects date-times on days that do not exist instead of rolling them over', () => {
    for (const bad of ['2025-02-30T00:00:00Z', '2025-02-29T12:00', '2025-04-31T00:00:00+08:00']) {
      expect(failure(bad, undefined).code, bad).toBe('VALIDATION_FAILED');
    }
    expect(range('2024-02-29T12:00:00Z').from).toBe('2024-02-29T12:00:00.000Z');
  });

  it('uses the caller\'s field names', () => {
    try {
      parseDateRange('nope', undefined, { from: 'CreatedFrom', to: 'CreatedTo' });
      expect.unreachable();
    } catch (error) {
      expect((error as ApiError).params.field).toBe('CreatedFrom');
    }
  });
});

describe('three-month limit at month ends', () => {
  it('clamps to the last day of a shorter month instead of rolling over', () => {
    // Nov 30 + 3 months is Feb 28 (2026 is not a leap year): a range through Feb 27 (ending Feb 28 00:00) fits…
    expect(() => parseDateRange('2025-11-30', '2026-02-27')).not.toThrow();
    // …but one through Mar 1 does not, as it would if Feb 30 rolled over to Mar 2.
    expect(() => parseDateRange('2025-11-30', '2026-03-01')).toThrow(/DATE_RANGE_TOO_LONG/);
  });
});

describe('dates PostgreSQL and the platform can hold: 2000-01-01 to 2100-12-31', () => {
  it('refuses years 0000 and 9999, and the days just outside the limits, with INVALID_DATE naming the field', () => {
    expect(failure('0000-01-01')).toEqual({ code: 'INVALID_DATE', params: { field: 'TransactionDateFrom' } });
    expect(failure(undefined, '9999-12-31')).toEqual({ code: 'INVALID_DATE', params: { field: 'TransactionDateTo' } });
    expect(failure('1999-12-31').code).toBe('INVALID_DATE');
    expect(failure(undefined, '2101-01-01').code).toBe('INVALID_DATE');
    expect(failure('1999-12-31T23:59:59.999Z').code).toBe('INVALID_DATE');
    // An offset moves the instant: 2000-01-01T00:00+01:00 is still 1999 in UTC.
    expect(failure('2000-01-01T00:00:00+01:00').code).toBe('INVALID_DATE');
  });

  it('accepts the first and the last day, whole', () => {
    expect(range('2000-01-01', '2000-01-31')).toEqual({ from: '2000-01-01T00:00:00.000Z', toExclusive: '2000-02-01T00:00:00.000Z' });
    expect(range('2100-12-01', '2100-12-31')).toEqual({ from: '2100-12-01T00:00:00.000Z', toExclusive: '2101-01-01T00:00:00.000Z' });
    expect(range(undefined, '2100-12-31T23:59:59.999Z').toExclusive).toBe('2101-01-01T00:00:00.000Z');
  });

  it('still calls an impossible day a malformed date, not an out-of-range one', () => {
    expect(failure('2025-02-30').code).toBe('VALIDATION_FAILED');
  });
});
