import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/** POST /admin/v1/customers/{customerId}/clients — new client credentials; the secret is shown only now. */
const route: RouteModule = (app, ctx) => {
  app.post('/customers/:customerId/clients', {
    config: { access: 'credentials.write' },
    schema: {
      tags: ['Admin'], summary: 'Create client credentials', security: adminSecurity,
      params: admin.CustomerParams, response: { 200: admin.CreateClientResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await ctx.customers.createClient(request.params.customerId)));
};
export default route;
