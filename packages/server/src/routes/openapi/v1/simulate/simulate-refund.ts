import { SimulateRefundRequest } from '@cardepass/contract';
import type { RouteModule } from '../../../route-kit.ts';
import { registerSimulateEndpoint } from './simulate-route.ts';

/** POST /v1/simulate/refund — the merchant credits back a settled purchase. */
const route: RouteModule = (app, ctx) => registerSimulateEndpoint(app, {
  path: '/v1/simulate/refund',
  summary: 'Simulate a refund',
  description: 'Credits back amount (default: all that was cleared and not yet refunded) of a settled authorization, named by its id or its clearing\'s.',
  body: SimulateRefundRequest,
  run: (customerId, body) => ctx.transactions.refund(customerId, body),
});
export default route;
