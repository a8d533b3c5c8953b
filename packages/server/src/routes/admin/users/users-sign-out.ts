import { admin, people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { signOutUser } from '../../../services/people/user-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { managerOf } from './manager.ts';

/** POST /admin/v1/users/{userId}/sign-out — end every session of the user (a lost laptop). */
const route: RouteModule = (app, ctx) => {
  app.post('/users/:userId/sign-out', {
    config: { access: 'users.write' },
    schema: {
      tags: ['Admin'], summary: 'Sign a user out everywhere', security: adminSecurity,
      params: people.UserParams, response: { 200: admin.UsersSignOutResponse, ...errorResponses },
    },
  }, async (request) => {
    const sessionsEnded = await signOutUser(ctx.store, managerOf(request), request.params.userId, auditOrigin(request));
    return ok(request, { sessionsEnded });
  });
};
export default route;
