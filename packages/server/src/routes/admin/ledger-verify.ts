import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { verifyLedger } from '../../services/ledger/verify.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/** GET /admin/v1/ledger/verify — proves the ledger; `ok` false lists the problems. */
const route: RouteModule = (app, ctx) => {
  app.get('/ledger/verify', {
    config: { access: 'ledger.verify' },
    schema: { tags: ['Admin'], summary: 'Verify the ledger', security: adminSecurity, response: { 200: admin.LedgerVerificationResponse, ...errorResponses } },
  }, async (request) => ok(request, await verifyLedger(ctx.store)));
};
export default route;
