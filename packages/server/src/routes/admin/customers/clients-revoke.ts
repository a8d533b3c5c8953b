import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin, ownCustomerId } from '../access.ts';
import { renderClient } from './render.ts';

/** POST /admin/v1/clients/{clientId}/revoke — no new tokens; existing tokens get 401. A customer user: its own clients only. */
const route: RouteModule = (app, ctx) => {
  app.post('/clients/:clientId/revoke', {
    config: { access: 'credentials.write' },
    schema: {
      tags: ['Admin'], summary: 'Revoke client credentials', security: adminSecurity,
      params: admin.ClientParams, response: { 200: admin.ClientResponse, ...errorResponses },
    },
  }, async (request) => {
    const row = await ctx.customers.revokeClient(request.params.clientId, auditOrigin(request), ownCustomerId(request));
    return ok(request, renderClient(row));
  });
};
export default route;
