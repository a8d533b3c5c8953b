import { people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { clearSessionCookie } from '../access.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { signedInUser, userOrigin } from './session-kit.ts';

/** POST /admin/v1/session/sign-out-everywhere — ends every session of the user, this one too (a lost laptop). */
const route: RouteModule = (app, ctx) => {
  app.post('/session/sign-out-everywhere', {
    config: { access: 'self' },
    schema: { tags: ['Admin'], summary: 'Sign out on every device', security: adminSecurity, response: { 200: people.SignOutResponse, ...errorResponses } },
  }, async (request, reply) => {
    const { userId, email, customerId } = signedInUser(request);
    const sessionsEnded = await ctx.users.signOutEverywhere(userId, customerId, userOrigin(request, { id: userId, email }));
    clearSessionCookie(request, reply);
    return ok(request, { sessionsEnded });
  });
};
export default route;
