import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';

/** POST /admin/v1/deposits — credit a funding account through the ledger, once per reference (audited once). */
const route: RouteModule = (app, ctx) => {
  app.post('/deposits', {
    config: { access: 'money.deposit' },
    schema: {
      tags: ['Admin'], summary: 'Deposit into a funding account', security: adminSecurity,
      body: admin.DepositRequest, response: { 200: admin.DepositResponse, ...errorResponses },
    },
  }, async (request) => {
    const { customerId, currency, amount, reference, reason } = request.body;
    return ok(request, await ctx.deposits.deposit(customerId, currency, amount, reference, { origin: auditOrigin(request), reason }));
  });
};
export default route;
