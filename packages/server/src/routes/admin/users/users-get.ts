import { admin, people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { renderUser, visibleUser } from '../../../services/people/user-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { ownCustomerId } from '../access.ts';

/** GET /admin/v1/users/{userId} — one user; another customer's user is 404 USER_NOT_FOUND, as if it did not exist. */
const route: RouteModule = (app, ctx) => {
  app.get('/users/:userId', {
    config: { access: 'users.read' },
    schema: {
      tags: ['Admin'], summary: 'Get a user', security: adminSecurity,
      params: people.UserParams, response: { 200: admin.UsersUserResponse, ...errorResponses },
    },
  }, async (request) => ok(request, renderUser(await visibleUser(ctx.store, ownCustomerId(request), request.params.userId))));
};
export default route;
