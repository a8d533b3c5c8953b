import { EndpointParams, UpdateWebhookEndpointRequest, WebhookEndpointResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { endpointOwner } from './scope.ts';

/** POST /admin/v1/webhooks/endpoints/{endpointId}/update — as /v1's, on any customer's endpoint (a customer user: its own). */
const route: RouteModule = (app, ctx) => {
  app.post('/webhooks/endpoints/:endpointId/update', {
    config: { access: 'webhooks.write' },
    schema: {
      tags: ['Admin'], summary: 'Update a webhook endpoint', security: adminSecurity,
      params: EndpointParams, body: UpdateWebhookEndpointRequest, response: { 200: WebhookEndpointResponse, ...errorResponses },
    },
  }, async (request) => {
    const customerId = await endpointOwner(ctx, request, request.params.endpointId);
    return ok(request, await ctx.webhookEndpoints.update(customerId, request.params.endpointId, request.body, auditOrigin(request)));
  });
};
export default route;
