import { admin } from '@cardepass/contract';
import type { RouteModule } from '../../route-kit.ts';
import { registerCardAction } from './card-action-route.ts';

/** POST /admin/v1/cards/{cardId}/topup — the /v1 Standard top-up, placed on the card's customer's behalf. */
const route: RouteModule = (app, ctx) => registerCardAction(app, ctx, {
  path: '/cards/:cardId/topup',
  access: 'cards.fund',
  summary: 'Top up a Standard card',
  description: 'As POST /v1/orders/standard/topup: the funding account pays topUpAmount + the top-up fee. Audited (card.topup).',
  body: admin.CardOrdersTopUpRequest,
  response: admin.CardOrdersTopUpResponse,
  submit: (who, card, body) => ctx.standardOrders.topUp(who, { ...body, cardId: card.cardId }),
});
export default route;
