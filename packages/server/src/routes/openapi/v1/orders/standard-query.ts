import { StandardOrdersQuery, StandardOrdersResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderQuery } from './order-route.ts';

/** GET /v1/orders/standard — one order by OrderNo or CustomerOrderNo, else a page of orders filtered by OrderType. */
const route: RouteModule = (app, ctx) => registerOrderQuery(app, ctx, {
  path: '/v1/orders/standard',
  cardModel: 'Standard',
  tag: 'Standard orders',
  summary: '[Standard] Query orders',
  querystring: StandardOrdersQuery,
  response: StandardOrdersResponse,
});
export default route;
