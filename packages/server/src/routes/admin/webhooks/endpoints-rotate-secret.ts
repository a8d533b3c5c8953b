import { EndpointParams, WebhookEndpointWithSecretResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { endpointOwner } from './scope.ts';

/** POST /admin/v1/webhooks/endpoints/{endpointId}/rotateSecret — a new secret, shown once; the old one signs for 24 hours more. */
const route: RouteModule = (app, ctx) => {
  app.post('/webhooks/endpoints/:endpointId/rotateSecret', {
    config: { access: 'webhooks.write' },
    schema: {
      tags: ['Admin'], summary: 'Rotate a webhook endpoint\'s secret', security: adminSecurity,
      params: EndpointParams, response: { 200: WebhookEndpointWithSecretResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const customerId = await endpointOwner(ctx, request, request.params.endpointId);
    reply.header('cache-control', 'no-store');
    return ok(request, await ctx.webhookEndpoints.rotateSecret(customerId, request.params.endpointId, auditOrigin(request)));
  });
};
export default route;
