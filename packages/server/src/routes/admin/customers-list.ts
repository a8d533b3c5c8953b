import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';
import { renderCustomer } from './render.ts';

/** GET /admin/v1/customers — newest first (at most 1000). */
const route: RouteModule = (app, ctx) => {
  app.get('/customers', {
    config: { access: 'customers.read' },
    schema: { tags: ['Admin'], summary: 'List customers', security: adminSecurity, response: { 200: admin.CustomerListResponse, ...errorResponses } },
  }, async (request) => ok(request, (await ctx.customers.list()).map(renderCustomer)));
};
export default route;
