import { SimulateReverseRequest } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerSimulateEndpoint } from './simulate-route.ts';

/** POST /v1/simulate/reverse — the merchant releases all or part of an authorization. */
const route: RouteModule = (app, ctx) => registerSimulateEndpoint(app, {
  path: '/v1/simulate/reverse',
  summary: 'Simulate a reversal',
  description: 'Releases amount (default: all that is held) of a Pending authorization; fully released, it becomes Reversed.',
  body: SimulateReverseRequest,
  run: (customerId, body) => ctx.transactions.reverse(customerId, body),
});
export default route;
