import { TransactionsQuery, TransactionsResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { parseDateRange } from '../../../lib/date-range.ts';
import { renderTransaction } from '../../../services/transactions/render.ts';
import { bearerSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';

/** GET /v1/transactions — card transactions (authorizations, clearings, reversals, refunds), newest first. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/transactions', {
    schema: {
      tags: ['Transactions'], summary: 'List card transactions', security: bearerSecurity,
      description: 'Authorizations and what followed them. Filter by card, date range (at most 3 months), type, status or authorization.',
      querystring: TransactionsQuery, response: { 200: TransactionsResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const range = parseDateRange(q.TransactionDateFrom, q.TransactionDateTo);
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await ctx.transactions.list(request.principal.customerId, q, range, window);
    return ok(request, page(window, total, rows.map((t) => renderTransaction(t, request.language))));
  });
};
export default route;
