import { SimulateExpireRequest } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerSimulateEndpoint } from './simulate-route.ts';

/** POST /v1/simulate/expire — what the worker does when an authorization is not cleared in time, now. */
const route: RouteModule = (app, ctx) => registerSimulateEndpoint(app, {
  path: '/v1/simulate/expire',
  summary: 'Simulate an authorization expiring',
  description: 'Releases the whole hold of a Pending authorization, which becomes Expired and can no longer be cleared.',
  body: SimulateExpireRequest,
  run: (customerId, body) => ctx.transactions.expire(customerId, body.transactionId),
});
export default route;
