import { admin, people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { renderUser, resetUserTotp } from '../../../services/people/user-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { managerOf } from './manager.ts';

/** POST /admin/v1/users/{userId}/totp/reset — clear a lost authenticator and its recovery codes. */
const route: RouteModule = (app, ctx) => {
  app.post('/users/:userId/totp/reset', {
    config: { access: 'users.write' },
    schema: {
      tags: ['Admin'], summary: 'Reset a user\'s two-factor', security: adminSecurity,
      description: 'The user signs in with the password alone and, where the organisation requires two-factor, must enrol again. '
        + 'Not for your own account (403 USER_SELF_CHANGE).',
      params: people.UserParams, response: { 200: admin.UsersUserResponse, ...errorResponses },
    },
  }, async (request) => ok(request, renderUser(await resetUserTotp(ctx.store, managerOf(request), request.params.userId, auditOrigin(request)))));
};
export default route;
