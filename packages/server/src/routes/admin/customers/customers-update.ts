import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { renderCustomer } from './render.ts';

/** PATCH /admin/v1/customers/{customerId} — rename, or require two-factor sign-in of its users (audited before/after). */
const route: RouteModule = (app, ctx) => {
  app.patch('/customers/:customerId', {
    config: { access: 'customers.write' },
    schema: {
      tags: ['Admin'], summary: 'Update a customer', security: adminSecurity,
      params: admin.CustomerParams, body: admin.CustomerUpdateRequest, response: { 200: admin.CustomerResponse, ...errorResponses },
    },
  }, async (request) => {
    const row = await ctx.customers.update(request.params.customerId, request.body, auditOrigin(request));
    return ok(request, renderCustomer(row));
  });
};
export default route;
