import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { canSeeCustomer } from '../access.ts';
import { feeLinesOf, findAdminOrder, journalEntriesOf, renderAdminOrder } from './order-reads.ts';

/** GET /admin/v1/orders/{orderNo} — the order, its fee lines and its journal entries (postings). */
const route: RouteModule = (app, ctx) => {
  app.get('/orders/:orderNo', {
    config: { access: 'cards.read' },
    schema: {
      tags: ['Admin'], summary: 'An order with its fees and journal entries', security: adminSecurity,
      params: admin.AdminOrdersParams, response: { 200: admin.AdminOrdersDetailResponse, ...errorResponses },
    },
  }, async (request) => {
    const row = await findAdminOrder(ctx.store, request.params.orderNo);
    // Another customer's order is answered as one that does not exist: its number reveals nothing.
    if (!row || !canSeeCustomer(request, row.customer_id as string)) throw new ApiError('ORDER_NOT_FOUND');
    return ok(request, {
      order: renderAdminOrder(row, request.language),
      feeLines: feeLinesOf(row, request.language),
      journalEntries: await journalEntriesOf(ctx.store, row.customer_id as string, row.order_no as string),
    });
  });
};
export default route;
