import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { customerDetail } from '../../../services/customer-detail.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { canSeeCustomer } from '../access.ts';

/** GET /admin/v1/customers/{customerId} — settings, funding balances and counts; another customer's is "not found" to a customer user. */
const route: RouteModule = (app, ctx) => {
  app.get('/customers/:customerId', {
    config: { access: 'customers.read' },
    schema: {
      tags: ['Admin'], summary: 'A customer with balances and counts', security: adminSecurity,
      params: admin.CustomerParams, response: { 200: admin.CustomerDetailResponse, ...errorResponses },
    },
  }, async (request) => {
    const { customerId } = request.params;
    if (!canSeeCustomer(request, customerId)) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    return ok(request, await customerDetail(ctx.store, ctx.customers, ctx.accounts, customerId));
  });
};
export default route;
