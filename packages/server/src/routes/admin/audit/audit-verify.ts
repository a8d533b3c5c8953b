import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { verifyAuditChain } from '../../../services/audit/audit-verify.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';

/** GET /admin/v1/audit/verify — recomputes the hash chain; `firstBrokenSeq` names where it breaks. */
const route: RouteModule = (app, ctx) => {
  app.get('/audit/verify', {
    config: { access: 'audit.verify' },
    schema: { tags: ['Admin'], summary: 'Verify the audit log\'s hash chain', security: adminSecurity, response: { 200: admin.AuditVerificationResponse, ...errorResponses } },
  }, async (request) => ok(request, await verifyAuditChain(ctx.store.db)));
};
export default route;
