import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { requiresTotp } from '../../../services/people/org-security.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { ownCustomerId } from '../access.ts';

/** GET /admin/v1/settings/security — the caller's organisation's two-factor rule (operators', or the customer user's customer's). */
const route: RouteModule = (app, ctx) => {
  app.get('/settings/security', {
    // 'self': every signed-in user may know the rule they are held to (the enrolment page shows it).
    config: { access: 'self' },
    schema: {
      tags: ['Admin'], summary: 'Get your organisation\'s security settings', security: adminSecurity,
      response: { 200: admin.UsersSecuritySettingsResponse, ...errorResponses },
    },
  }, async (request) => ok(request, { requireTotp: await requiresTotp(ctx.store, ownCustomerId(request)) }));
};
export default route;
