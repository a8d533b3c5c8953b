import { CardOrderRequest, CancelResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/standard/cancel — cancel a card for good; its balance minus the cancel fee returns to the funding account. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/standard/cancel',
  summary: '[Standard] Cancel a card',
  description: 'Cancel is terminal. settleAmount = remaining balance − cancel fee goes back to the funding account.',
  body: CardOrderRequest,
  response: CancelResponse,
  submit: (who, body) => ctx.standardOrders.cancel(who, body),
});
export default route;
