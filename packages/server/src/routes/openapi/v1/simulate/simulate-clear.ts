import { SimulateClearRequest } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerSimulateEndpoint } from './simulate-route.ts';

/** POST /v1/simulate/clear — the final presentment of an authorization. */
const route: RouteModule = (app, ctx) => registerSimulateEndpoint(app, {
  path: '/v1/simulate/clear',
  summary: 'Simulate a clearing',
  description: 'Settles a Pending authorization for amount (default: what is held; up to the over-capture tolerance above it) and releases the rest of its hold.',
  body: SimulateClearRequest,
  run: (customerId, body) => ctx.transactions.clear(customerId, body),
});
export default route;
