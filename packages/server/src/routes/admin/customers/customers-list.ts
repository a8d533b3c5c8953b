import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { scopedCustomerId } from '../access.ts';
import { renderCustomer } from './render.ts';

/** GET /admin/v1/customers — a page, newest first, searched by name or id; a customer user sees only its own. */
const route: RouteModule = (app, ctx) => {
  app.get('/customers', {
    config: { access: 'customers.read' },
    schema: {
      tags: ['Admin'], summary: 'List customers', security: adminSecurity,
      querystring: admin.CustomersListQuery, response: { 200: admin.CustomerPageResponse, ...errorResponses },
    },
  }, async (request) => {
    const { PageNumber, PageSize, q, status } = request.query;
    const window = pageWindow(PageNumber, PageSize);
    const { rows, total } = await ctx.customers.list({ customerId: scopedCustomerId(request), q, status }, window);
    return ok(request, page(window, total, rows.map(renderCustomer)));
  });
};
export default route;
