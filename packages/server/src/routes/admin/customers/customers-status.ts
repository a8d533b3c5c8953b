import { Type } from '@sinclair/typebox';
import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { renderCustomer } from './render.ts';

/** POST /admin/v1/customers/{customerId}/disable|enable — a disabled customer's tokens get 403 (audited when it changes). */
const route: RouteModule = (app, ctx) => {
  app.post('/customers/:customerId/:action', {
    config: { access: 'customers.write' },
    schema: {
      tags: ['Admin'], summary: 'Disable or enable a customer', security: adminSecurity,
      params: Type.Composite([admin.CustomerParams, Type.Object({ action: Type.Union([Type.Literal('disable'), Type.Literal('enable')]) })]),
      response: { 200: admin.CustomerResponse, ...errorResponses },
    },
  }, async (request) => {
    const status = request.params.action === 'disable' ? 'Disabled' : 'Active';
    const row = await ctx.customers.setStatus(request.params.customerId, status, auditOrigin(request));
    return ok(request, renderCustomer(row));
  });
};
export default route;
