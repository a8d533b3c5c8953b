import { people } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { signedInUser, signInThrottle, userOrigin, wrongPassword } from './session-kit.ts';

/**
 * POST /admin/v1/me/totp/disable — turn two-factor off with the password and a
 * current code; 403 TOTP_REQUIRED_BY_ORGANISATION when the organisation requires
 * it. Wrong passwords and codes count against the sign-in throttle.
 */
const route: RouteModule = (app, ctx) => {
  const throttle = signInThrottle(ctx, app.log);
  app.post('/me/totp/disable', {
    config: { access: 'self' },
    schema: {
      tags: ['Admin'], summary: 'Turn two-factor off', security: adminSecurity,
      body: people.TotpDisableRequest, response: { 200: people.TotpStatusResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { userId, email } = signedInUser(request);
    await throttle.refuseWhileLocked(request, reply, email);
    const result = await ctx.users.totp.disable(userId, request.body.password, request.body.totpCode, userOrigin(request, { id: userId, email }));
    if (result !== 'disabled') {
      await throttle.recordFailure(request, email);
      throw result === 'wrong_password' ? wrongPassword('password') : new ApiError('TOTP_INVALID');
    }
    return ok(request, { totpEnabled: false });
  });
};
export default route;
