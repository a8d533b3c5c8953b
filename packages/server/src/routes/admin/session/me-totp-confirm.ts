import { people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { signedInUser, userOrigin } from './session-kit.ts';

/**
 * POST /admin/v1/me/totp/confirm — the first code of the app puts two-factor in
 * force; answers ten recovery codes, this once. A session that was allowed only
 * to enrol may now do everything its role allows.
 */
const route: RouteModule = (app, ctx) => {
  app.post('/me/totp/confirm', {
    config: { access: 'self' },
    schema: {
      tags: ['Admin'], summary: 'Confirm two-factor enrolment', security: adminSecurity,
      body: people.TotpConfirmRequest, response: { 200: people.RecoveryCodesResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { userId, email, session } = signedInUser(request);
    const recoveryCodes = await ctx.users.totp.confirm(userId, request.body.totpCode, userOrigin(request, { id: userId, email }));
    await ctx.sessions.clearTotpEnrolment(session.tokenHash);
    reply.header('cache-control', 'no-store');
    return ok(request, { recoveryCodes });
  });
};
export default route;
