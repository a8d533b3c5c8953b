import { EventsQuery, EventsResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { parseDateRange } from '../../../../lib/date-range.ts';
import { listEvents } from '../../../../services/events/queries.ts';
import { renderEvent } from '../../../../services/events/render.ts';
import { bearerSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/events — the customer's events, newest first: what webhooks delivered (or will), readable by polling too. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/events', {
    schema: {
      tags: ['Events'], summary: 'List events', security: bearerSecurity,
      description: 'Events of the last retention period, newest first. Filter by type, card and date range (at most 3 months).',
      querystring: EventsQuery, response: { 200: EventsResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const customerId = request.principal.customerId;
    const range = parseDateRange(q.DateFrom, q.DateTo, { from: 'DateFrom', to: 'DateTo' });
    // Another customer's card is answered as unknown, as on every card filter.
    if (q.CardId) await ctx.cards.ref(customerId, q.CardId);
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listEvents(ctx.store, { customerId, type: q.EventType, cardId: q.CardId, range, limit: window.limit, offset: window.offset });
    return ok(request, page(window, total, rows.map(renderEvent)));
  });
};
export default route;
