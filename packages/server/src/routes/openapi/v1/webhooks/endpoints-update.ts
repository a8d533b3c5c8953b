import { EndpointParams, UpdateWebhookEndpointRequest, WebhookEndpointResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';
import { clientAuditOrigin } from './client-audit-origin.ts';

/** POST /v1/webhooks/endpoints/{endpointId}/update — change any of its fields. */
const route: RouteModule = (app, ctx) => {
  app.post('/v1/webhooks/endpoints/:endpointId/update', {
    schema: {
      tags: ['Webhooks'], summary: 'Update a webhook endpoint', security: bearerSecurity,
      description: 'Any subset of url, eventTypes (null: every type), description, status, deliveryFaults (sandbox only; null removes). '
        + 'A new URL is checked as on create. Setting status Enabled re-enables an endpoint the platform disabled and clears its reason.',
      params: EndpointParams, body: UpdateWebhookEndpointRequest, response: { 200: WebhookEndpointResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await ctx.webhookEndpoints.update(request.principal.customerId, request.params.endpointId, request.body, clientAuditOrigin(request))));
};
export default route;
