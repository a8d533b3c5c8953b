import { ApiError } from './api-error.ts';

/** Longest range a query may cover: the documents recommend at most 3 months. */
export const MAX_RANGE_MONTHS = 3;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/;

export interface DateRange { from: Date | null; toExclusive: Date | null }

function parse(field: string, value: string, end: boolean): Date {
  if (DATE_ONLY.test(value)) {
    const day = calendarDay(value);
    if (!day) throw invalid(field, value);
    // A date covers that whole UTC day: as an upper bound, up to the next midnight.
    return end ? new Date(day.getTime() + 86_400_000) : day;
  }
  if (DATE_TIME.test(value)) {
    // Date() rolls 2025-02-30T… over to March 2nd; the date part must be a real day, as for date-only values.
    if (!calendarDay(value.slice(0, 10))) throw invalid(field, value);
    // No zone means UTC, as the API speaks UTC throughout.
    const parsed = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(parsed.getTime())) throw invalid(field, value);
    return end ? new Date(parsed.getTime() + 1) : parsed;
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
