import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { findAuditEntry } from '../../../services/audit/audit-query.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { canSeeCustomer, ownCustomerId } from '../access.ts';

/** GET /admin/v1/audit/{auditId} — one row; another customer's (or a platform row, for a customer admin) is a 404. */
const route: RouteModule = (app, ctx) => {
  app.get('/audit/:auditId', {
    config: { access: 'audit.read' },
    schema: {
      tags: ['Admin'], summary: 'Get an audit entry', security: adminSecurity,
      params: admin.AuditParams, response: { 200: admin.AuditEntryResponse, ...errorResponses },
    },
  }, async (request) => {
    const { auditId } = request.params;
    const entry = await findAuditEntry(ctx.store, auditId);
    // A customer admin sees rows about its customer only: a platform row (customer null) is not its own either.
    const visible = entry && (ownCustomerId(request) === null || (entry.customerId !== null && canSeeCustomer(request, entry.customerId)));
    if (!visible) throw new ApiError('AUDIT_ENTRY_NOT_FOUND', { auditId });
    return ok(request, entry);
  });
};
export default route;
