import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { renderCustomer } from './render.ts';

/** POST /admin/v1/customers — a customer with its funding accounts and first API client (audited without the secret). */
const route: RouteModule = (app, ctx) => {
  app.post('/customers', {
    config: { access: 'customers.write' },
    schema: {
      tags: ['Admin'], summary: 'Create a customer', security: adminSecurity,
      body: admin.CreateCustomerRequest, response: { 200: admin.CreateCustomerResponse, ...errorResponses },
    },
  }, async (request) => {
    const { customer, clientId, clientSecret } = await ctx.customers.create(request.body.name, auditOrigin(request));
    return ok(request, { ...renderCustomer(customer), clientId, clientSecret });
  });
};
export default route;
