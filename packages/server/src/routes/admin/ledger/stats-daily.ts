import { admin, isCurrency } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { dailyStats, MAX_STATS_DAYS } from '../../../services/ledger/daily-stats.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { scopedCustomerId } from '../access.ts';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;

/** Midnight UTC of a yyyy-mm-dd that exists, else a 400 naming the field (2025-02-30 is not a day). */
function day(field: string, text: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new ApiError('VALIDATION_FAILED', { field, reason: { en: `'${text}' is not a day (yyyy-mm-dd)`, zh: `'${text}' 不是有效日期（yyyy-mm-dd）` } });
  }
  if (ms < Date.UTC(2000, 0, 1) || ms >= Date.UTC(2101, 0, 1)) throw new ApiError('INVALID_DATE', { field });
  return ms;
}
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** GET /admin/v1/stats/daily — one row per UTC day for the console's charts (customer users: their own customer). */
const route: RouteModule = (app, ctx) => {
  app.get('/stats/daily', {
    config: { access: 'ledger.read' },
    schema: {
      tags: ['Admin'], summary: 'Daily statistics', security: adminSecurity,
      description: `Issued cards, orders by type and status, authorizations, top-ups and withdrawals per UTC day, every day of [from, to] (at most ${MAX_STATS_DAYS} days; default the last ${DEFAULT_DAYS}).`,
      querystring: admin.StatsDailyQuery, response: { 200: admin.StatsDailyResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const currency = q.currency.toUpperCase();
    if (!isCurrency(currency)) throw new ApiError('VALIDATION_FAILED', { field: 'currency', reason: { en: `unknown currency ${q.currency}`, zh: `未知币种 ${q.currency}` } });
    const toMs = q.to ? day('to', q.to) : Date.parse(`${isoDay(Date.now())}T00:00:00Z`);
    const fromMs = q.from ? day('from', q.from) : toMs - (DEFAULT_DAYS - 1) * DAY_MS;
    if (fromMs > toMs) throw new ApiError('INVALID_DATE_RANGE', { field: 'from', other: 'to' });
    if ((toMs - fromMs) / DAY_MS + 1 > MAX_STATS_DAYS) {
      throw new ApiError('VALIDATION_FAILED', { field: 'to', reason: { en: `a range covers at most ${MAX_STATS_DAYS} days`, zh: `时间范围最多 ${MAX_STATS_DAYS} 天` } });
    }
    const customerId = scopedCustomerId(request, q.customerId);
    return ok(request, await dailyStats(ctx.store, { currency, fromDay: isoDay(fromMs), toDay: isoDay(toMs), customerId }));
  });
};
export default route;
