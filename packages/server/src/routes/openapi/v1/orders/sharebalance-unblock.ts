import { ShareBalanceCardOrderRequest, ShareBalanceUnblockResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/sharebalance/unblock — unblock a Blocked ShareBalance card. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/sharebalance/unblock',
  tag: 'ShareBalance orders',
  summary: '[ShareBalance] Unblock a card',
  description: 'Only a Blocked card can be unblocked.',
  body: ShareBalanceCardOrderRequest,
  response: ShareBalanceUnblockResponse,
  submit: (who, body) => ctx.shareBalanceOrders.unblock(who, body),
});
export default route;
