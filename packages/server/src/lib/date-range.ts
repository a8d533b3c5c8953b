import { ApiError } from './api-error.ts';

/** Longest range a query may cover: the documents recommend at most 3 months. */
export const MAX_RANGE_MONTHS = 3;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/;

export interface DateRange { from: Date | null; toExclusive: Date | null }

function parse(field: string, value: string, end: boolean): Date {
  if (DATE_ONLY.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) throw invalid(field, value);
    // A date covers that whole UTC day: as an upper bound, up to the next midnight.
    return end ? new Date(day.getTime() + 86_400_000) : day;
  }
  if (DATE_TIME.test(value)) {
    // No zone means UTC, as the API speaks UTC throughout.
    const parsed = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(parsed.getTime())) throw invalid(field, value);
    return end ? new Date(parsed.getTime() + 1) : parsed;
  }
  throw invalid(field, value);
}

const invalid = (field: string, value: string) =>
  new ApiError('VALIDATION_FAILED', { field, reason: { en: `'${value}' is not an ISO 8601 date or date-time`, zh: `'${value}' 不是 ISO 8601 日期或时间` } });

/** Parses TransactionDateFrom/To: inclusive, whole days for dates, at most MAX_RANGE_MONTHS long. */
export function parseDateRange(fromText: string | undefined, toText: string | undefined, names = { from: 'TransactionDateFrom', to: 'TransactionDateTo' }): DateRange {
  const from = fromText ? parse(names.from, fromText, false) : null;
  const toExclusive = toText ? parse(names.to, toText, true) : null;
  if (from && toExclusive) {
    if (toExclusive <= from) throw new ApiError('INVALID_DATE_RANGE', { field: names.from, other: names.to });
    const limit = new Date(from);
    limit.setUTCMonth(limit.getUTCMonth() + MAX_RANGE_MONTHS);
    if (toExclusive > limit) throw new ApiError('DATE_RANGE_TOO_LONG', { months: MAX_RANGE_MONTHS });
  }
  return { from, toExclusive };
}
