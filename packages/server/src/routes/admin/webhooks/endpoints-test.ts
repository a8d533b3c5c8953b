import { EndpointParams, EventResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { endpointOwner } from './scope.ts';

/** POST /admin/v1/webhooks/endpoints/{endpointId}/test — queue a webhook.test event to this endpoint; answers the event. */
const route: RouteModule = (app, ctx) => {
  app.post('/webhooks/endpoints/:endpointId/test', {
    config: { access: 'webhooks.write' },
    schema: {
      tags: ['Admin'], summary: 'Send a test event to a webhook endpoint', security: adminSecurity,
      params: EndpointParams, response: { 200: EventResponse, ...errorResponses },
    },
  }, async (request) => {
    const customerId = await endpointOwner(ctx, request, request.params.endpointId);
    return ok(request, await ctx.webhookEndpoints.sendTest(customerId, request.params.endpointId, auditOrigin(request)));
  });
};
export default route;
