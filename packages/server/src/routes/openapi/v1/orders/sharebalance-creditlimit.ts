import { CreditLimitRequest, CreditLimitResponse } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerOrderEndpoint } from './order-route.ts';

/** POST /v1/orders/sharebalance/creditLimit — change a ShareBalance card's limits. */
const route: RouteModule = (app, ctx) => registerOrderEndpoint(app, {
  path: '/v1/orders/sharebalance/creditLimit',
  tag: 'ShareBalance orders',
  summary: '[ShareBalance] Change the limits',
  description: 'Sets maxAuthAmount and maxCreditAmount (absent, null or "" = unlimited) of an Active or Blocked card. '
    + 'maxCreditAmount may not be below the card\'s usedCreditAmount (CREDIT_LIMIT_BELOW_USED). While the order is in flight '
    + 'authorizations obey the stricter of the old and new limits.',
  body: CreditLimitRequest,
  response: CreditLimitResponse,
  submit: (who, body) => ctx.shareBalanceOrders.creditLimit(who, body),
});
export default route;
