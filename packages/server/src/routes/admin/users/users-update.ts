import { admin, people } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { renderUser, updateUserRecord } from '../../../services/people/user-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { managerOf } from './manager.ts';

/** PATCH /admin/v1/users/{userId} — name, role, status (Active|Disabled). */
const route: RouteModule = (app, ctx) => {
  app.patch('/users/:userId', {
    config: { access: 'users.write' },
    schema: {
      tags: ['Admin'], summary: 'Change a user', security: adminSecurity,
      description: 'Any of `name`, `role` (within what your role may give; not between operator and customer roles), `status`. '
        + 'Not your own role or status (403 USER_SELF_CHANGE); never the last active owner (409 LAST_OWNER). Disabling ends the user\'s sessions.',
      params: people.UserParams, body: admin.UsersUpdateRequest, response: { 200: admin.UsersUserResponse, ...errorResponses },
    },
  }, async (request) => {
    const row = await updateUserRecord(ctx.store, managerOf(request), request.params.userId, request.body, auditOrigin(request));
    return ok(request, renderUser(row));
  });
};
export default route;
