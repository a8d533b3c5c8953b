import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { listScope } from '../orders/list-scope.ts';
import { listAdminCards, renderAdminCard } from './card-reads.ts';

/** GET /admin/v1/cards — cards across customers (a customer user: its own), newest first, masked numbers only. */
const route: RouteModule = (app, ctx) => {
  app.get('/cards', {
    config: { access: 'cards.read' },
    schema: {
      tags: ['Admin'], summary: 'List and search cards across customers', security: adminSecurity,
      querystring: admin.AdminCardsQuery, response: { 200: admin.AdminCardsPageResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const customerId = await listScope(request, ctx, q.customerId);
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listAdminCards(ctx.store, {
      customerId, cardModel: q.cardModel, status: q.status, productCode: q.productCode, currency: q.currency, q: q.q,
      limit: window.limit, offset: window.offset,
    });
    return ok(request, page(window, total, rows.map(renderAdminCard)));
  });
};
export default route;
