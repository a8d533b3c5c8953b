import { people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { signedInUser } from './session-kit.ts';

/**
 * POST /admin/v1/me/totp — start two-factor enrolment: a new secret as text,
 * otpauth URI and SVG QR code. Nothing is in force until /me/totp/confirm; a
 * second start replaces an unconfirmed secret. 409 TOTP_ALREADY_ENABLED when one is in force.
 */
const route: RouteModule = (app, ctx) => {
  app.post('/me/totp', {
    config: { access: 'self' },
    schema: { tags: ['Admin'], summary: 'Start two-factor enrolment', security: adminSecurity, response: { 200: people.TotpEnrolmentStartResponse, ...errorResponses } },
  }, async (request, reply) => {
    const { userId } = signedInUser(request);
    reply.header('cache-control', 'no-store');
    return ok(request, await ctx.users.totp.start(userId));
  });
};
export default route;
