import { EndpointParams, EventResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';
import { clientAuditOrigin } from './client-audit-origin.ts';

/** POST /v1/webhooks/endpoints/{endpointId}/test — queue a webhook.test event to this endpoint only. */
const route: RouteModule = (app, ctx) => {
  app.post('/v1/webhooks/endpoints/:endpointId/test', {
    schema: {
      tags: ['Webhooks'], summary: 'Send a test event', security: bearerSecurity,
      description: 'Queues a `webhook.test` event for this endpoint alone (whatever its eventTypes) and answers the event; '
        + 'its delivery shows under GET /v1/events/{eventId}/deliveries.',
      params: EndpointParams, response: { 200: EventResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await ctx.webhookEndpoints.sendTest(request.principal.customerId, request.params.endpointId, clientAuditOrigin(request))));
};
export default route;
