import { admin } from '@cardepass/contract';
import { recordAudit } from '../../../services/audit/audit-log.ts';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { visibleCard } from './on-behalf.ts';

/**
 * POST /admin/v1/cards/{cardId}/reveal — the full card number and CVV, for a stated reason.
 * The audit row is committed first, on its own: a reveal that could not be recorded does not
 * happen. Then the card is decrypted by the same code as GET /v1/cards/{cardId}.
 */
const route: RouteModule = (app, ctx) => {
  app.post('/cards/:cardId/reveal', {
    config: { access: 'cards.reveal' },
    schema: {
      tags: ['Admin'], summary: 'Reveal a card\'s number and CVV', security: adminSecurity,
      description: 'Audited (card.reveal, with the reason; never the numbers). Answered with Cache-Control: no-store.',
      params: admin.CardOrdersCardParams, body: admin.CardOrdersRevealRequest, response: { 200: admin.CardOrdersRevealResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const card = await visibleCard(ctx, request, request.params.cardId);
    await recordAudit(ctx.store.db, auditOrigin(request), {
      action: 'card.reveal', targetType: 'card', targetId: card.cardId, customerId: card.customerId, reason: request.body.reason,
    });
    const view = await ctx.cards.view(card.customerId, card.cardId);
    // Neither a browser nor a proxy may keep the numbers (Pragma for HTTP/1.0 caches).
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return ok(request, { cardId: view.cardId, cardNumber: view.cardNumber, cvv: view.cvv, expirationMMYY: view.expirationMMYY });
  });
};
export default route;
