import { admin } from '@cardepass/contract';
import type { RouteModule } from '../../route-kit.ts';
import { registerCardAction } from './card-action-route.ts';

/** POST /admin/v1/cards/{cardId}/withdraw — the /v1 Standard withdrawal, placed on the card's customer's behalf. */
const route: RouteModule = (app, ctx) => registerCardAction(app, ctx, {
  path: '/cards/:cardId/withdraw',
  access: 'cards.fund',
  summary: 'Withdraw from a Standard card',
  description: 'As POST /v1/orders/standard/withdraw: withdrawAmount absent = all the balance allows after the fee. Audited (card.withdraw).',
  body: admin.CardOrdersWithdrawRequest,
  response: admin.CardOrdersWithdrawResponse,
  submit: (who, card, body) => ctx.standardOrders.withdraw(who, { ...body, cardId: card.cardId }),
});
export default route;
