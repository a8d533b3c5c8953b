import { ShareBalanceCardOrderRequest, ShareBalanceCancelResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/sharebalance/cancel — cancel a ShareBalance card for good; the cancel fee is paid from the funding account. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/sharebalance/cancel',
  tag: 'ShareBalance orders',
  summary: '[ShareBalance] Cancel a card',
  description: 'Cancel is terminal. The product\'s CARD_CANCEL fee is held on the funding account and then moved to fee revenue; '
    + 'open authorizations of the card stay and may still clear.',
  body: ShareBalanceCardOrderRequest,
  response: ShareBalanceCancelResponse,
  submit: (who, body) => ctx.shareBalanceOrders.cancel(who, body),
});
export default route;
