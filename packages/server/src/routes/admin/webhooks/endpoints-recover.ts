import { EndpointParams, QueuedResponse, RecoverRequest } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { parseSince, recoverDeliveries } from '../../../services/events/deliveries.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { endpointOwner } from './scope.ts';

/** POST /admin/v1/webhooks/endpoints/{endpointId}/recover — after an outage, queue every failed delivery since `since` again. */
const route: RouteModule = (app, ctx) => {
  app.post('/webhooks/endpoints/:endpointId/recover', {
    config: { access: 'webhooks.write' },
    schema: {
      tags: ['Admin'], summary: 'Recover failed deliveries to a webhook endpoint', security: adminSecurity,
      params: EndpointParams, body: RecoverRequest, response: { 200: QueuedResponse, ...errorResponses },
    },
  }, async (request) => {
    const customerId = await endpointOwner(ctx, request, request.params.endpointId);
    const since = parseSince(request.body.since, ctx.config.eventRetentionDays);
    return ok(request, { queued: await recoverDeliveries(ctx.store, customerId, request.params.endpointId, since, auditOrigin(request)) });
  });
};
export default route;
