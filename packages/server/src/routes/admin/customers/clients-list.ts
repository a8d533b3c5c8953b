import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { canSeeCustomer } from '../access.ts';
import { renderClient } from './render.ts';

/** GET /admin/v1/customers/{customerId}/clients — without secrets (only their hashes are stored). */
const route: RouteModule = (app, ctx) => {
  app.get('/customers/:customerId/clients', {
    config: { access: 'credentials.read' },
    schema: {
      tags: ['Admin'], summary: 'List client credentials', security: adminSecurity,
      params: admin.CustomerParams, response: { 200: admin.ClientListResponse, ...errorResponses },
    },
  }, async (request) => {
    const { customerId } = request.params;
    if (!canSeeCustomer(request, customerId)) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    await ctx.customers.get(customerId);
    return ok(request, (await ctx.customers.listClients(customerId)).map(renderClient));
  });
};
export default route;
