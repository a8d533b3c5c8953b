import { CardOrderRequest, UnblockResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/standard/unblock — unblock a Blocked card. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/standard/unblock',
  summary: '[Standard] Unblock a card',
  description: 'Only a Blocked card can be unblocked.',
  body: CardOrderRequest,
  response: UnblockResponse,
  submit: (who, body) => ctx.standardOrders.unblock(who, body),
});
export default route;
