import { EndpointParams, QueuedResponse, RecoverRequest } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { parseSince, recoverDeliveries } from '../../../../services/events/deliveries.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';
import { clientAuditOrigin } from '../webhooks/client-audit-origin.ts';

/** POST /v1/webhooks/endpoints/{endpointId}/recover — after an outage, queue every failed delivery since then again. */
const route: RouteModule = (app, ctx) => {
  app.post('/v1/webhooks/endpoints/:endpointId/recover', {
    schema: {
      tags: ['Webhooks'], summary: 'Recover failed deliveries', security: bearerSecurity,
      description: 'Every Failed delivery to the endpoint queued since `since` (at most the event retention period ago) is tried again now.',
      params: EndpointParams, body: RecoverRequest, response: { 200: QueuedResponse, ...errorResponses },
    },
  }, async (request) => {
    const since = parseSince(request.body.since, ctx.config.eventRetentionDays);
    const queued = await recoverDeliveries(ctx.store, request.principal.customerId, request.params.endpointId, since, clientAuditOrigin(request));
    return ok(request, { queued });
  });
};
export default route;
