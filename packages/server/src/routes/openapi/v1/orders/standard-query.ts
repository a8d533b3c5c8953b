import { StandardOrdersQuery, StandardOrdersResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { renderOrder } from '../../../../services/orders/render.ts';
import { OrderQueries } from '../../../../services/orders/queries.ts';
import { bearerSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/orders/standard — one order by OrderNo or CustomerOrderNo, else a page of orders filtered by OrderType. */
const route: RouteModule = (app, ctx) => {
  const orders = new OrderQueries(ctx.store);
  app.get('/v1/orders/standard', {
    schema: {
      tags: ['Standard orders'], summary: '[Standard] Query orders', security: bearerSecurity,
      description: 'With OrderNo or CustomerOrderNo: that order (404 if there is no such Standard order). Without: a page, newest first.',
      querystring: StandardOrdersQuery, response: { 200: StandardOrdersResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const customerId = request.principal.customerId;
    if (q.OrderNo || q.CustomerOrderNo) {
      const order = await orders.find(customerId, 'Standard', { orderNo: q.OrderNo, customerOrderNo: q.CustomerOrderNo });
      return ok(request, renderOrder(order, request.language));
    }
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await orders.page(customerId, 'Standard', q.OrderType, window.limit, window.offset);
    return ok(request, page(window, total, rows.map((o) => renderOrder(o, request.language))));
  });
};
export default route;
