import { admin } from '@cardepass/contract';
import { parseDateRange } from '../../../lib/date-range.ts';
import { ok } from '../../../plugins/envelope.ts';
import { listAudit } from '../../../services/audit/audit-query.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { scopedCustomerId } from '../access.ts';

/** GET /admin/v1/audit — the audit log, newest first, filtered; a customer admin sees only its customer's rows. */
const route: RouteModule = (app, ctx) => {
  app.get('/audit', {
    config: { access: 'audit.read' },
    schema: {
      tags: ['Admin'], summary: 'List the audit log', security: adminSecurity,
      querystring: admin.AuditListQuery, response: { 200: admin.AuditListResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const range = parseDateRange(q.from, q.to, { from: 'from', to: 'to' });
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listAudit(ctx.store, {
      actorId: q.actorId, actorType: q.actorType, action: q.action, targetType: q.targetType, targetId: q.targetId,
      customerId: scopedCustomerId(request, q.customerId), range,
    }, window.limit, window.offset);
    return ok(request, page(window, total, rows));
  });
};
export default route;
