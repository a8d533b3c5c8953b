import { ShareBalanceCardOrderRequest, ShareBalanceBlockResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/sharebalance/block — block an Active ShareBalance card. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/sharebalance/block',
  tag: 'ShareBalance orders',
  summary: '[ShareBalance] Block a card',
  description: 'Only an Active card can be blocked.',
  body: ShareBalanceCardOrderRequest,
  response: ShareBalanceBlockResponse,
  submit: (who, body) => ctx.shareBalanceOrders.block(who, body),
});
export default route;
