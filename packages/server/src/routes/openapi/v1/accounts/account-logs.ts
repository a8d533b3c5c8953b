import { AccountLogsQuery, AccountLogsResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { parseDateRange } from '../../../../lib/date-range.ts';
import { listAccountLogs } from '../../../../services/ledger/logs.ts';
import { bearerSecurity, errorResponses, page, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/accounts/accountLogs — money movements on the funding accounts, paged with Limit/Offset as the documents do. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/accounts/accountLogs', {
    schema: {
      tags: ['Accounts'], summary: 'Funding account logs', security: bearerSecurity,
      querystring: AccountLogsQuery, response: { 200: AccountLogsResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const range = parseDateRange(q.TransactionDateFrom, q.TransactionDateTo);
    const limit = q.Limit ?? 20;
    const offset = q.Offset ?? 0;
    const { total, rows } = await listAccountLogs(ctx.store, {
      customerId: request.principal.customerId, kind: 'funding', currency: q.Currency, range, limit, offset,
    });
    return ok(request, page({ pageNumber: Math.floor(offset / limit) + 1, pageSize: limit, limit, offset }, total, rows));
  });
};
export default route;
