import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';
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
    await ctx.customers.get(request.params.customerId);
    return ok(request, (await ctx.customers.listClients(request.params.customerId)).map(renderClient));
  });
};
export default route;
