import { admin } from '@cardepass/contract';
import type { RouteModule } from '../../route-kit.ts';
import { registerCardAction } from './card-action-route.ts';

/** POST /admin/v1/cards/{cardId}/block — the /v1 block of the card's mode, placed on its customer's behalf. */
const route: RouteModule = (app, ctx) => registerCardAction(app, ctx, {
  path: '/cards/:cardId/block',
  access: 'cards.manage',
  summary: 'Block a card',
  description: 'As POST /v1/orders/{standard|sharebalance}/block for the card\'s mode: an Active card stops authorizing. Audited (card.block).',
  body: admin.CardOrdersActionRequest,
  response: admin.CardOrdersBlockResponse,
  submit: (who, card, body) => (card.cardModel === 'ShareBalance' ? ctx.shareBalanceOrders : ctx.standardOrders).block(who, { ...body, cardId: card.cardId }),
});
export default route;
