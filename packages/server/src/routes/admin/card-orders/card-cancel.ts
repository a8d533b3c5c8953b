import { admin } from '@cardepass/contract';
import type { RouteModule } from '../../route-kit.ts';
import { registerCardAction } from './card-action-route.ts';

/** POST /admin/v1/cards/{cardId}/cancel — the /v1 cancel of the card's mode, placed on its customer's behalf. */
const route: RouteModule = (app, ctx) => registerCardAction(app, ctx, {
  path: '/cards/:cardId/cancel',
  access: 'cards.fund',
  summary: 'Cancel a card',
  description: 'As POST /v1/orders/{standard|sharebalance}/cancel for the card\'s mode: a Standard card\'s balance minus the cancel fee '
    + 'returns to the funding account. Terminal. Audited (card.cancel).',
  body: admin.CardOrdersActionRequest,
  response: admin.CardOrdersCancelResponse,
  submit: (who, card, body) => (card.cardModel === 'ShareBalance' ? ctx.shareBalanceOrders : ctx.standardOrders).cancel(who, { ...body, cardId: card.cardId }),
});
export default route;
