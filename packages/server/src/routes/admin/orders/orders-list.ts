import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { parseDateRange } from '../../../lib/date-range.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { listScope } from './list-scope.ts';
import { listAdminOrders, renderAdminOrder } from './order-reads.ts';

/** GET /admin/v1/orders — orders of every mode across customers (a customer user: its own), newest first. */
const route: RouteModule = (app, ctx) => {
  app.get('/orders', {
    config: { access: 'cards.read' },
    schema: {
      tags: ['Admin'], summary: 'List orders across customers', security: adminSecurity,
      querystring: admin.AdminOrdersQuery, response: { 200: admin.AdminOrdersPageResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const customerId = await listScope(request, ctx, q.customerId);
    const range = parseDateRange(q.from, q.to, { from: 'from', to: 'to' });
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listAdminOrders(ctx.store, {
      customerId, cardModel: q.cardModel, orderType: q.orderType, status: q.status, cardId: q.cardId, range, limit: window.limit, offset: window.offset,
    });
    return ok(request, page(window, total, rows.map((row) => renderAdminOrder(row, request.language))));
  });
};
export default route;
