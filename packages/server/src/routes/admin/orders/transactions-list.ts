import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { parseDateRange } from '../../../lib/date-range.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { listScope } from './list-scope.ts';
import { listAdminTransactions, renderAdminTransaction } from './transaction-reads.ts';

/** GET /admin/v1/transactions — card transactions across customers (a customer user: its own), newest first. */
const route: RouteModule = (app, ctx) => {
  app.get('/transactions', {
    config: { access: 'cards.read' },
    schema: {
      tags: ['Admin'], summary: 'List card transactions across customers', security: adminSecurity,
      querystring: admin.AdminTransactionsQuery, response: { 200: admin.AdminTransactionsPageResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const customerId = await listScope(request, ctx, q.customerId);
    const range = parseDateRange(q.from, q.to, { from: 'from', to: 'to' });
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listAdminTransactions(ctx.store, {
      customerId, cardId: q.cardId, status: q.status, type: q.type, range, limit: window.limit, offset: window.offset,
    });
    return ok(request, page(window, total, rows.map((t) => renderAdminTransaction(t, request.language))));
  });
};
export default route;
