import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin, canSeeCustomer } from '../access.ts';

/** POST /admin/v1/customers/{customerId}/clients — new client credentials; the secret is shown only now, never audited. */
const route: RouteModule = (app, ctx) => {
  app.post('/customers/:customerId/clients', {
    config: { access: 'credentials.write' },
    schema: {
      tags: ['Admin'], summary: 'Create client credentials', security: adminSecurity,
      params: admin.CustomerParams, response: { 200: admin.CreateClientResponse, ...errorResponses },
    },
  }, async (request) => {
    const { customerId } = request.params;
    if (!canSeeCustomer(request, customerId)) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    return ok(request, await ctx.customers.createClient(customerId, auditOrigin(request)));
  });
};
export default route;
