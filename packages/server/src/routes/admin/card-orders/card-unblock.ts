import { admin } from '@cardepass/contract';
import type { RouteModule } from '../../route-kit.ts';
import { registerCardAction } from './card-action-route.ts';

/** POST /admin/v1/cards/{cardId}/unblock — the /v1 unblock of the card's mode, placed on its customer's behalf. */
const route: RouteModule = (app, ctx) => registerCardAction(app, ctx, {
  path: '/cards/:cardId/unblock',
  access: 'cards.manage',
  summary: 'Unblock a card',
  description: 'As POST /v1/orders/{standard|sharebalance}/unblock for the card\'s mode: a Blocked card authorizes again. Audited (card.unblock).',
  body: admin.CardOrdersActionRequest,
  response: admin.CardOrdersUnblockResponse,
  submit: (who, card, body) => (card.cardModel === 'ShareBalance' ? ctx.shareBalanceOrders : ctx.standardOrders).unblock(who, { ...body, cardId: card.cardId }),
});
export default route;
