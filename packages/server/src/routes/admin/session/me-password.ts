import { people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { signedInUser, signInThrottle, userOrigin, wrongPassword } from './session-kit.ts';

/**
 * POST /admin/v1/me/password — change one's own password. A wrong current
 * password counts against the sign-in throttle (a stolen session must not be a
 * way to guess it). Every other session of the user ends; this one stays.
 */
const route: RouteModule = (app, ctx) => {
  const throttle = signInThrottle(ctx, app.log);
  app.post('/me/password', {
    config: { access: 'self' },
    schema: {
      tags: ['Admin'], summary: 'Change my password', security: adminSecurity,
      body: people.ChangePasswordRequest, response: { 200: people.SignOutResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { userId, email, session } = signedInUser(request);
    await throttle.refuseWhileLocked(request, reply, email);
    const result = await ctx.users.changePassword(userId, request.body.currentPassword, request.body.newPassword, session.tokenHash, userOrigin(request, { id: userId, email }));
    if (result === 'wrong_password') {
      await throttle.recordFailure(request, email);
      throw wrongPassword('currentPassword');
    }
    return ok(request, result);
  });
};
export default route;
