import { ShareBalanceOrdersQuery, ShareBalanceOrdersResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderQuery } from './order-route.ts';

/** GET /v1/orders/sharebalance — one order by OrderNo or CustomerOrderNo, else a page of orders filtered by OrderType. */
const route: RouteModule = (app, ctx) => registerOrderQuery(app, ctx, {
  path: '/v1/orders/sharebalance',
  cardModel: 'ShareBalance',
  tag: 'ShareBalance orders',
  summary: '[ShareBalance] Query orders',
  querystring: ShareBalanceOrdersQuery,
  response: ShareBalanceOrdersResponse,
});
export default route;
