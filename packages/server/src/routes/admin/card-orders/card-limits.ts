import { admin } from '@cardepass/contract';
import type { RouteModule } from '../../route-kit.ts';
import { registerCardAction } from './card-action-route.ts';

/** POST /admin/v1/cards/{cardId}/limits — the /v1 ShareBalance limit change, placed on the card's customer's behalf. */
const route: RouteModule = (app, ctx) => registerCardAction(app, ctx, {
  path: '/cards/:cardId/limits',
  access: 'cards.manage',
  summary: 'Change a ShareBalance card\'s limits',
  description: 'As POST /v1/orders/sharebalance/creditLimit: maxAuthAmount, and maxCreditAmount (absent, null or "" = unlimited; '
    + 'not below the card\'s used credit). Audited (card.limits).',
  body: admin.CardOrdersLimitsRequest,
  response: admin.CardOrdersLimitsResponse,
  submit: (who, card, body) => ctx.shareBalanceOrders.creditLimit(who, { ...body, cardId: card.cardId }),
});
export default route;
