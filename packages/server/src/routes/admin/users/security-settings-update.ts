import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { setRequiresTotp } from '../../../services/people/org-security.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin, ownCustomerId } from '../access.ts';

/** PATCH /admin/v1/settings/security — require two-factor in the caller's organisation (owner: operators; customer admin: its customer). */
const route: RouteModule = (app, ctx) => {
  app.patch('/settings/security', {
    config: { access: 'users.write' },
    schema: {
      tags: ['Admin'], summary: 'Change your organisation\'s security settings', security: adminSecurity,
      description: '`requireTotp`: users without an authenticator may only enrol one, from their next request on. A user turning it on '
        + 'must have an authenticator already (403 TOTP_NOT_ENROLLED). '
        + 'An operator sets a customer\'s rule with PATCH /customers/{customerId}.',
      body: admin.UsersSecuritySettingsRequest, response: { 200: admin.UsersSecuritySettingsResponse, ...errorResponses },
    },
  }, async (request) => {
    await setRequiresTotp(ctx.store, ownCustomerId(request), request.body.requireTotp, auditOrigin(request));
    return ok(request, { requireTotp: request.body.requireTotp });
  });
};
export default route;
