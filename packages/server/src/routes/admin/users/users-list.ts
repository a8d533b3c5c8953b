import { sql } from 'kysely';
import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { renderUser } from '../../../services/people/user-admin.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { scopedCustomerId } from '../access.ts';

// LIKE's own wildcards in a search text are literal characters, not patterns.
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** GET /admin/v1/users — operators: every user (or one customer's); customer users: their own team. Oldest first. */
const route: RouteModule = (app, ctx) => {
  app.get('/users', {
    config: { access: 'users.read' },
    schema: {
      tags: ['Admin'], summary: 'List users', security: adminSecurity,
      description: 'Filters: `customerId` (operators; a customer user always gets its own customer), `role`, `status`, `q` (e-mail or name contains). Never passwords or two-factor secrets.',
      querystring: admin.UsersListQuery, response: { 200: admin.UsersPageResponse, ...errorResponses },
    },
  }, async (request) => {
    const { role, status, q, PageNumber, PageSize } = request.query;
    const customerId = scopedCustomerId(request, request.query.customerId);
    const window = pageWindow(PageNumber, PageSize);
    let query = ctx.store.db.selectFrom('users');
    if (customerId !== undefined) query = query.where('customer_id', '=', customerId);
    if (role !== undefined) query = query.where('role', '=', role);
    if (status !== undefined) query = query.where('status', '=', status);
    if (q !== undefined) {
      const pattern = likePattern(q);
      query = query.where((eb) => eb.or([eb('email_key', 'like', pattern), eb(sql`lower(name)`, 'like', pattern)]));
    }
    const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
    const rows = await query.selectAll().orderBy('created_at').orderBy('id').limit(window.limit).offset(window.offset).execute();
    return ok(request, page(window, Number(total), rows.map(renderUser)));
  });
};
export default route;
