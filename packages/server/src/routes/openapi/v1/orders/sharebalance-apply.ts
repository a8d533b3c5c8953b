import { ApplyShareBalanceCardRequest, ShareBalanceApplyCardResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/sharebalance/apply — open a ShareBalance card: it spends from the funding account within its limits. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/sharebalance/apply',
  tag: 'ShareBalance orders',
  summary: '[ShareBalance] Apply for a card',
  description: 'Holds the product\'s SHARE_BALANCE_OPEN fee on the funding account, issues the card with maxAuthAmount and '
    + 'maxCreditAmount (absent, null or "" = unlimited), then moves the fee. Nothing is loaded onto the card: transAmount is 0.',
  body: ApplyShareBalanceCardRequest,
  response: ShareBalanceApplyCardResponse,
  submit: (who, body) => ctx.shareBalanceOrders.apply(who, body),
});
export default route;
