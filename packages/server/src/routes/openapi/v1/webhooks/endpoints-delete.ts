import { EndpointParams, WebhookEndpointResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';
import { clientAuditOrigin } from './client-audit-origin.ts';

/** POST /v1/webhooks/endpoints/{endpointId}/delete — stop sending to it, for good. */
const route: RouteModule = (app, ctx) => {
  app.post('/v1/webhooks/endpoints/:endpointId/delete', {
    schema: {
      tags: ['Webhooks'], summary: 'Delete a webhook endpoint', security: bearerSecurity,
      description: 'Answers the endpoint as it was just before the deletion (its last status, Enabled or Disabled); from then on it '
        + 'is 404 everywhere and no longer counts toward the limit of 10. Its pending deliveries are marked Failed, not sent.',
      params: EndpointParams, response: { 200: WebhookEndpointResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await ctx.webhookEndpoints.delete(request.principal.customerId, request.params.endpointId, clientAuditOrigin(request))));
};
export default route;
