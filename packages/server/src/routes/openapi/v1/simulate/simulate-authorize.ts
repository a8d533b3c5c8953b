import { SimulateAuthorizeRequest } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerSimulateEndpoint } from './simulate-route.ts';

/** POST /v1/simulate/authorize — the network asks to authorize a purchase: approved (hold placed) or declined with a reason. */
const route: RouteModule = (app, ctx) => registerSimulateEndpoint(app, {
  path: '/v1/simulate/authorize',
  summary: 'Simulate an authorization',
  description: 'Decides an authorization on one of your cards: Pending (approved, funds held) or Declined with declineReason.',
  body: SimulateAuthorizeRequest,
  run: (customerId, body) => ctx.transactions.authorize(customerId, body),
});
export default route;
