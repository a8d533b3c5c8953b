import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { canSeeCustomer } from '../access.ts';

/** GET /admin/v1/customers/{customerId}/products — the customer's product entitlements. */
const route: RouteModule = (app, ctx) => {
  app.get('/customers/:customerId/products', {
    config: { access: 'customers.read' },
    schema: {
      tags: ['Admin'], summary: 'Product entitlements of a customer', security: adminSecurity,
      params: admin.CustomerParams, response: { 200: admin.CustomerEntitlementsResponse, ...errorResponses },
    },
  }, async (request) => {
    const { customerId } = request.params;
    if (!canSeeCustomer(request, customerId)) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    return ok(request, await ctx.catalog.entitlements.get(customerId));
  });
};
export default route;
