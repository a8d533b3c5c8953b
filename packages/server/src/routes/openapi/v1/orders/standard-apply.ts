import { ApplyStandardCardRequest, ApplyCardResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/standard/apply — open a Standard card with a first top-up; pays top-up + fees from the funding account. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/standard/apply',
  summary: '[Standard] Apply for a card',
  description: 'Holds topUpAmount + fees on the funding account, issues the card through the issuer channel, then moves the funds.',
  body: ApplyStandardCardRequest,
  response: ApplyCardResponse,
  submit: (who, body) => ctx.standardOrders.apply(who, body),
});
export default route;
