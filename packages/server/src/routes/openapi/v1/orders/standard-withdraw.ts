import { WithdrawRequest, WithdrawResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/standard/withdraw — move card balance back to the funding account. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/standard/withdraw',
  summary: '[Standard] Withdraw card balance',
  description: 'The card pays withdrawAmount + fee (totalAmount); without withdrawAmount, the largest amount its available balance allows after the fee.',
  body: WithdrawRequest,
  response: WithdrawResponse,
  submit: (who, body) => ctx.standardOrders.withdraw(who, body),
});
export default route;
