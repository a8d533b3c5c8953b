import { people } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { errorResponses, type RouteModule } from '../../route-kit.ts';
import { signInThrottle } from './session-kit.ts';

/**
 * POST /admin/v1/password-links/consume — set a password through a one-time link
 * (an invitation or an administrator's reset). Public: the link is the credential.
 * Invalid, used and expired links answer the same 400 RESET_LINK_INVALID and count,
 * per address, against the sign-in throttle. The user's sessions end.
 */
const route: RouteModule = (app, ctx) => {
  const throttle = signInThrottle(ctx, app.log);
  app.post('/password-links/consume', {
    config: { access: 'public' },
    schema: {
      tags: ['Admin'], summary: 'Set a password with a one-time link', security: [],
      body: people.PasswordLinkConsumeRequest, response: { 200: people.PasswordSetResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    await throttle.refuseWhileLocked(request, reply, null);
    try {
      const userId = await ctx.users.consumePasswordLink(request.body.token, request.body.password, request.ip, request.id);
      return ok(request, { email: (await ctx.users.get(userId)).email });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'RESET_LINK_INVALID') await throttle.recordFailure(request, null);
      throw error;
    }
  });
};
export default route;
