import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';

/**
 * PUT /admin/v1/customers/{customerId}/products — 'All' products, or only the
 * 'Selected' productCodes: what GET /v1/products lists and what new cards may use.
 */
const route: RouteModule = (app, ctx) => {
  app.put('/customers/:customerId/products', {
    config: { access: 'customers.write' },
    schema: {
      tags: ['Admin'], summary: 'Set product entitlements', security: adminSecurity,
      params: admin.CustomerParams, body: admin.CustomerEntitlements, response: { 200: admin.CustomerEntitlementsResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await ctx.catalog.entitlements.set(request.params.customerId, request.body, auditOrigin(request))));
};
export default route;
