import { WebhookEndpointsResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/webhooks/endpoints — every endpoint of the customer (at most 10, so no paging), oldest first, without secrets. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/webhooks/endpoints', {
    schema: {
      tags: ['Webhooks'], summary: 'List webhook endpoints', security: bearerSecurity,
      description: 'Oldest first; deleted endpoints are not listed. Secrets are never shown here.',
      response: { 200: WebhookEndpointsResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await ctx.webhookEndpoints.list(request.principal.customerId)));
};
export default route;
