import { EndpointParams, WebhookEndpointResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { endpointOwner } from './scope.ts';

/** POST /admin/v1/webhooks/endpoints/{endpointId}/delete — as /v1's: answers the endpoint as it was; its pending deliveries fail. */
const route: RouteModule = (app, ctx) => {
  app.post('/webhooks/endpoints/:endpointId/delete', {
    config: { access: 'webhooks.write' },
    schema: {
      tags: ['Admin'], summary: 'Delete a webhook endpoint', security: adminSecurity,
      params: EndpointParams, response: { 200: WebhookEndpointResponse, ...errorResponses },
    },
  }, async (request) => {
    const customerId = await endpointOwner(ctx, request, request.params.endpointId);
    return ok(request, await ctx.webhookEndpoints.delete(customerId, request.params.endpointId, auditOrigin(request)));
  });
};
export default route;
