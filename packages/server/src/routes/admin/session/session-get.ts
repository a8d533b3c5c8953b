import { people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { sessionInfo, signedInUser } from './session-kit.ts';

/**
 * GET /admin/v1/session — the signed-in user, their permissions and the
 * session's CSRF token (the console asks on load). The admin key has no session: 401 SIGN_IN_REQUIRED.
 */
const route: RouteModule = (app, ctx) => {
  app.get('/session', {
    config: { access: 'self' },
    schema: { tags: ['Admin'], summary: 'The current session', security: adminSecurity, response: { 200: people.SessionResponse, ...errorResponses } },
  }, async (request, reply) => {
    const { userId, session } = signedInUser(request);
    reply.header('cache-control', 'no-store');
    return ok(request, sessionInfo(await ctx.users.get(userId), session));
  });
};
export default route;
