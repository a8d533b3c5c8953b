import { DeliveriesResponse, EventParams } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { listDeliveries } from '../../../../services/events/deliveries.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/events/{eventId}/deliveries — where the event went: each endpoint, each attempt, what came back. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/events/:eventId/deliveries', {
    schema: {
      tags: ['Events'], summary: 'List an event\'s deliveries', security: bearerSecurity,
      description: 'One delivery per endpoint (and per resend), each with its attempts: time, HTTP status or network error, duration, next attempt.',
      params: EventParams, response: { 200: DeliveriesResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await listDeliveries(ctx.store, request.principal.customerId, request.params.eventId)));
};
export default route;
