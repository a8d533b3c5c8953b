import { EndpointParams, WebhookEndpointResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/webhooks/endpoints/{endpointId} — one endpoint, without its secret. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/webhooks/endpoints/:endpointId', {
    schema: {
      tags: ['Webhooks'], summary: 'Get a webhook endpoint', security: bearerSecurity,
      description: 'Its status, and why the platform disabled it (`disabledReason`) if it did. The secret is never shown here.',
      params: EndpointParams, response: { 200: WebhookEndpointResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await ctx.webhookEndpoints.get(request.principal.customerId, request.params.endpointId)));
};
export default route;
