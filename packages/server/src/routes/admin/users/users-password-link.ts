import { admin, people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { renderUser, resetUserPassword } from '../../../services/people/user-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { managerOf, renderPasswordLink } from './manager.ts';

/** POST /admin/v1/users/{userId}/password-link — an administrator's password reset, without e-mail: a one-time link shown once. */
const route: RouteModule = (app, ctx) => {
  app.post('/users/:userId/password-link', {
    config: { access: 'users.write' },
    schema: {
      tags: ['Admin'], summary: 'Reset a user\'s password (one-time link)', security: adminSecurity,
      description: 'A new one-time link (valid 24 hours) to choose a password; earlier unused links stop working and the user\'s sessions end. '
        + 'Not for your own account (403 USER_SELF_CHANGE: change it under /me/password).',
      params: people.UserParams, response: { 200: admin.UsersPasswordLinkResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { row, link } = await resetUserPassword(ctx.store, managerOf(request), request.params.userId, auditOrigin(request));
    reply.header('cache-control', 'no-store');
    return ok(request, { user: renderUser(row), passwordLink: renderPasswordLink(link) });
  });
};
export default route;
