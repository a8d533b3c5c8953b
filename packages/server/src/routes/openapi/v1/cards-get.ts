import { CardParams, CardResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';

/** GET /v1/cards/{cardId} — full card details, PAN and CVV included. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/cards/:cardId', {
    schema: { tags: ['Cards'], summary: 'Get a card', security: bearerSecurity, params: CardParams, response: { 200: CardResponse, ...errorResponses } },
  }, async (request, reply) => {
    // Card data must not sit in caches between the client and us.
    reply.header('cache-control', 'no-store');
    return ok(request, await ctx.cards.view(request.principal.customerId, request.params.cardId));
  });
};
export default route;
