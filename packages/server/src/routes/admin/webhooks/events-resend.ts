import { EventParams, QueuedResponse, ResendRequest } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { resendEvent } from '../../../services/events/deliveries.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { eventOwner } from './scope.ts';

/** POST /admin/v1/events/{eventId}/resend — deliver an event again, to one of its customer's endpoints or to all subscribed. */
const route: RouteModule = (app, ctx) => {
  app.post('/events/:eventId/resend', {
    config: { access: 'webhooks.write' },
    schema: {
      tags: ['Admin'], summary: 'Resend an event', security: adminSecurity,
      description: 'As POST /v1/events/{eventId}/resend; `endpointId` must be an endpoint of the event\'s customer.',
      params: EventParams, body: ResendRequest, response: { 200: QueuedResponse, ...errorResponses },
    },
  }, async (request) => {
    const customerId = await eventOwner(ctx, request, request.params.eventId);
    return ok(request, { queued: await resendEvent(ctx.store, customerId, request.params.eventId, request.body.endpointId, auditOrigin(request)) });
  });
};
export default route;
