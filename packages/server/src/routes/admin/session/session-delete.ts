import { people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { clearSessionCookie } from '../access.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { signedInUser } from './session-kit.ts';

/**
 * DELETE /admin/v1/session — sign out: this session ends and its cookie is
 * cleared. Not audited: a sign-out changes no data (sign-ins and signing out
 * everywhere, which ends other devices' sessions, are).
 */
const route: RouteModule = (app, ctx) => {
  app.delete('/session', {
    config: { access: 'self' },
    schema: { tags: ['Admin'], summary: 'Sign out', security: adminSecurity, response: { 200: people.SignOutResponse, ...errorResponses } },
  }, async (request, reply) => {
    const { session } = signedInUser(request);
    await ctx.sessions.revoke(session.tokenHash);
    clearSessionCookie(request, reply);
    return ok(request, { sessionsEnded: 1 });
  });
};
export default route;
