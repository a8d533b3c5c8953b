import { CardAccountLogsQuery, CardAccountLogsResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { parseDateRange } from '../../../../lib/date-range.ts';
import { listAccountLogs } from '../../../../services/ledger/logs.ts';
import { bearerSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/accounts/cardAccountLogs — money movements on Standard cards (no card transactions), newest first. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/accounts/cardAccountLogs', {
    schema: {
      tags: ['Accounts'], summary: '[Standard] Card fund logs (no transactions)', security: bearerSecurity,
      querystring: CardAccountLogsQuery, response: { 200: CardAccountLogsResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const range = parseDateRange(q.TransactionDateFrom, q.TransactionDateTo);
    // An unknown or foreign CardId is a 404, as for every card endpoint.
    if (q.CardId) await ctx.cards.ref(request.principal.customerId, q.CardId);
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listAccountLogs(ctx.store, {
      customerId: request.principal.customerId, kind: 'card', cardId: q.CardId, range, limit: window.limit, offset: window.offset,
    });
    return ok(request, page(window, total, rows));
  });
};
export default route;
