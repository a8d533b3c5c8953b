import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { Adjustments } from '../../../services/ledger/adjustments.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';

/** POST /admin/v1/adjustments — credit or debit a funding account with a reason, once per reference (audited once). */
const route: RouteModule = (app, ctx) => {
  const adjustments = new Adjustments(ctx.store, ctx.accounts);
  app.post('/adjustments', {
    config: { access: 'money.deposit' },
    schema: {
      tags: ['Admin'], summary: 'Adjust a funding account', security: adminSecurity,
      body: admin.AdjustmentRequest, response: { 200: admin.AdjustmentResponse, ...errorResponses },
    },
  }, async (request) => ok(request, await adjustments.adjust(request.body, auditOrigin(request))));
};
export default route;
