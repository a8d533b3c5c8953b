import { EventParams, EventResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { getEvent } from '../../../../services/events/queries.ts';
import { renderEvent } from '../../../../services/events/render.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/events/{eventId} — one event, exactly the payload its webhook deliveries carry. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/events/:eventId', {
    schema: {
      tags: ['Events'], summary: 'Get an event', security: bearerSecurity,
      description: 'The payload every delivery of this event carries (the same eventId as the webhook-id header).',
      params: EventParams, response: { 200: EventResponse, ...errorResponses },
    },
  }, async (request) => ok(request, renderEvent(await getEvent(ctx.store, request.principal.customerId, request.params.eventId))));
};
export default route;
