import { TopUpRequest, TopUpResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/standard/topup — move money from the funding account onto a card (at least 1). */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/standard/topup',
  summary: '[Standard] Top up a card',
  description: 'The funding account pays topUpAmount + the top-up fee; the card receives topUpAmount.',
  body: TopUpRequest,
  response: TopUpResponse,
  submit: (who, body) => ctx.standardOrders.topUp(who, body),
});
export default route;
