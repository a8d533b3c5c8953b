import { ApiError } from './api-error.ts';

/** Longest range a query may cover: the documents recommend at most 3 months. */
export const MAX_RANGE_MONTHS = 3;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/;

export interface DateRange { from: Date | null; toExclusive: Date | null }

// PostgreSQL's timestamptz cannot hold year 0 and JavaScript's Date reaches years PostgreSQL
// does not: a bound outside what the platform can have data for is an input error, not a 500.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_EXCLUSIVE_MS = Date.UTC(2101, 0, 1);

function parse(field: string, value: string, end: boolean): Date {
  const instant = parseInstant(field, value);
  if (instant.getTime() < EARLIEST_MS || instant.getTime() >= LATEST_EXCLUSIVE_MS) throw new ApiError('INVALID_DATE', { field });
  // An upper bound is inclusive: a date covers that whole UTC day (up to the next midnight), a date-time its millisecond.
  return end ? new Date(instant.getTime() + (DATE_ONLY.test(value) ? 86_400_000 : 1)) : instant;
}

/** The instant a value names: midnight UTC for a date, the instant itself for a date-time. */
function parseInstant(field: string, value: string): Date {
  if (DATE_ONLY.test(value)) {
    const day = calendarDay(value);
    if (!day) throw invalid(field, value);
    return day;
  }
  if (DATE_TIME.test(value)) {
    // Date() rolls 2025-02-30T… over to March 2nd; the date part must be a real day, as for date-only values.
    if (!calendarDay(value.slice(0, 10))) throw invalid(field, value);
    // No zone means UTC, as the API speaks UTC throughout.
    const parsed = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(parsed.getTime())) throw invalid(field, value);
    return parsed;
  }
  throw invalid(field, value);
}

/** Midnight UTC of a yyyy-mm-dd that names a day that exists, else null. */
function calendarDay(text: string): Date | null {
  const day = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text ? null : day;
}

const invalid = (field: string, value: string) =>
  new ApiError('VALIDATION_FAILED', { field, reason: { en: `'${value}' is not an ISO 8601 date or date-time`, zh: `'${value}' 不是 ISO 8601 日期或时间` } });

/** The same day `months` later, or the last day of that month when it is shorter (Nov 30 + 3 → Feb 28). */
function addMonthsClamped(date: Date, months: number): Date {
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

/** Parses TransactionDateFrom/To: inclusive, whole days for dates, at most MAX_RANGE_MONTHS long. */
export function parseDateRange(fromText: string | undefined, toText: string | undefined, names = { from: 'TransactionDateFrom', to: 'TransactionDateTo' }): DateRange {
  const from = fromText ? parse(names.from, fromText, false) : null;
  const toExclusive = toText ? parse(names.to, toText, true) : null;
  if (from && toExclusive) {
    if (toExclusive <= from) throw new ApiError('INVALID_DATE_RANGE', { field: names.from, other: names.to });
    if (toExclusive > addMonthsClamped(from, MAX_RANGE_MONTHS)) throw new ApiError('DATE_RANGE_TOO_LONG', { months: MAX_RANGE_MONTHS });
  }
  return { from, toExclusive };
}
