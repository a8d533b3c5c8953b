import { EventParams, QueuedResponse, ResendRequest } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { resendEvent } from '../../../../services/events/deliveries.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';
import { clientAuditOrigin } from '../webhooks/client-audit-origin.ts';

/** POST /v1/events/{eventId}/resend — deliver an event again, to one endpoint or to all that subscribe to it. */
const route: RouteModule = (app, ctx) => {
  app.post('/v1/events/:eventId/resend', {
    schema: {
      tags: ['Events'], summary: 'Resend an event', security: bearerSecurity,
      description: 'Queues a new delivery, due now, to `endpointId` (whatever types it subscribes to; deliveries to a disabled endpoint fail until it is enabled), or without it to every enabled endpoint subscribed to the event\'s type. The eventId stays the same: receivers deduplicate on it.',
      params: EventParams, body: ResendRequest, response: { 200: QueuedResponse, ...errorResponses },
    },
  }, async (request) => {
    const queued = await resendEvent(ctx.store, request.principal.customerId, request.params.eventId, request.body.endpointId, clientAuditOrigin(request));
    return ok(request, { queued });
  });
};
export default route;
