import { CardOrderRequest, BlockResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/standard/block — block an Active card. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/standard/block',
  summary: '[Standard] Block a card',
  description: 'Only an Active card can be blocked.',
  body: CardOrderRequest,
  response: BlockResponse,
  submit: (who, body) => ctx.standardOrders.block(who, body),
});
export default route;
