import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { listEvents } from '../../../services/events/queries.ts';
import { renderEvent } from '../../../services/events/render.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { canSeeCustomer } from '../access.ts';
import { renderAdminOrder } from '../orders/order-reads.ts';
import { listAdminTransactions, renderAdminTransaction } from '../orders/transaction-reads.ts';
import { findAdminCard, latestOrdersOfCard, renderAdminCard } from './card-reads.ts';

// The console shows the latest of each and links to the filtered lists for the rest.
const HISTORY_LIMIT = 50;

/** GET /admin/v1/cards/{cardId} — the card (masked number) with its latest orders, transactions and events. */
const route: RouteModule = (app, ctx) => {
  app.get('/cards/:cardId', {
    config: { access: 'cards.read' },
    schema: {
      tags: ['Admin'], summary: 'A card with its history of orders, transactions and events', security: adminSecurity,
      params: admin.AdminCardsParams, response: { 200: admin.AdminCardsDetailResponse, ...errorResponses },
    },
  }, async (request) => {
    const { cardId } = request.params;
    const card = await findAdminCard(ctx.store, cardId);
    // Another customer's card is answered exactly like a card that does not exist.
    if (!card || !canSeeCustomer(request, card.customer_id)) throw new ApiError('CARD_NOT_FOUND', { cardId });
    const customerId = card.customer_id;
    const noRange = { from: null, toExclusive: null };
    const [orders, transactions, events] = await Promise.all([
      latestOrdersOfCard(ctx.store, customerId, cardId, HISTORY_LIMIT),
      listAdminTransactions(ctx.store, { customerId, cardId, range: noRange, limit: HISTORY_LIMIT, offset: 0 }),
      listEvents(ctx.store, { customerId, cardId, range: noRange, limit: HISTORY_LIMIT, offset: 0 }),
    ]);
    return ok(request, {
      card: renderAdminCard(card),
      orders: orders.map((row) => renderAdminOrder(row, request.language)),
      transactions: transactions.rows.map((t) => renderAdminTransaction(t, request.language)),
      events: events.rows.map(renderEvent),
    });
  });
};
export default route;
