import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { parseDateRange } from '../../lib/date-range.ts';
import { deliveriesOfEvents } from '../../services/events/deliveries.ts';
import { listEvents } from '../../services/events/queries.ts';
import { renderEvent } from '../../services/events/render.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../route-kit.ts';
import { requiredCustomer } from './orders/list-scope.ts';

/** GET /admin/v1/events?customerId=… — a customer's events (a customer user: its own), newest first, each with every delivery and attempt. */
const route: RouteModule = (app, ctx) => {
  app.get('/events', {
    config: { access: 'webhooks.read' },
    schema: {
      tags: ['Admin'], summary: 'List a customer\'s events with their deliveries', security: adminSecurity,
      querystring: admin.AdminEventsQuery, response: { 200: admin.AdminEventsResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const customerId = await requiredCustomer(request, ctx, q.customerId);
    const range = parseDateRange(q.DateFrom, q.DateTo, { from: 'DateFrom', to: 'DateTo' });
    if (q.CardId) await ctx.cards.ref(customerId, q.CardId);
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listEvents(ctx.store, {
      customerId, type: q.EventType, cardId: q.CardId, range, limit: window.limit, offset: window.offset,
    });
    const deliveries = await deliveriesOfEvents(ctx.store, customerId, rows.map((e) => e.eventId));
    return ok(request, page(window, total, rows.map((e) => ({ event: renderEvent(e), deliveries: deliveries.get(e.eventId)! }))));
  });
};
export default route;
