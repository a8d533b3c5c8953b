import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { createUserRecord, renderUser } from '../../../services/people/user-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';
import { managerOf, renderPasswordLink } from './manager.ts';

/** POST /admin/v1/users — invite a user: no password yet, a one-time link to choose one, shown this once. */
const route: RouteModule = (app, ctx) => {
  app.post('/users', {
    config: { access: 'users.write' },
    schema: {
      tags: ['Admin'], summary: 'Create (invite) a user', security: adminSecurity,
      description: 'An owner may give any role; a customer admin only customer roles, for its own customer. Customer roles need `customerId` '
        + '(a customer admin\'s own is implied); operator roles must not have one. The answer\'s `passwordLink.url` carries the one-time token '
        + 'in its #fragment (valid 72 hours): give it to the user; it is not shown again (a new one: POST /users/{userId}/password-link).',
      body: admin.UsersCreateRequest, response: { 200: admin.UsersCreateResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { row, link } = await createUserRecord(ctx.store, managerOf(request), request.body, auditOrigin(request));
    // The link must not sit in any cache between the administrator and us.
    reply.header('cache-control', 'no-store');
    return ok(request, { user: renderUser(row), passwordLink: renderPasswordLink(link) });
  });
};
export default route;
