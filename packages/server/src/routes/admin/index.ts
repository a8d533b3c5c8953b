import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../lib/api-error.ts';
import type { AppContext } from '../../context.ts';
import type { RouteModule, TypedApp } from '../route-kit.ts';
import { adminKeyThrottle } from './admin-key-throttle.ts';
import customersCreate from './customers-create.ts';
import customersList from './customers-list.ts';
import customersStatus from './customers-status.ts';
import clientsCreate from './clients-create.ts';
import clientsList from './clients-list.ts';
import clientsRevoke from './clients-revoke.ts';
import depositsCreate from './deposits-create.ts';
import productsCreate from './products-create.ts';
import productsList from './products-list.ts';
import ledgerVerify from './ledger-verify.ts';
import { KEY_ROUTES } from './keys-routes.ts';
import { EVENT_ADMIN_ROUTES } from './events-routes.ts';

const ADMIN_ROUTES: RouteModule[] = [
  customersCreate, customersList, customersStatus, clientsCreate, clientsList, clientsRevoke,
  depositsCreate, productsCreate, productsList, ledgerVerify, ...KEY_ROUTES, ...EVENT_ADMIN_ROUTES,
];

/** The admin key: Authorization: Bearer <key>, or X-Admin-Key: <key>. */
function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-admin-key'];
  if (typeof header === 'string') return header;
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The operator API under /admin/v1, for the CLI and the console. */
export async function adminRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  // JSON bodies only, as on /v1: a form or text body is a 415, never a change (a browser can send
  // those cross-site without a preflight, so accepting them would invite CSRF once the console exists).
  app.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
  const throttle = adminKeyThrottle(ctx, app.log);
  app.addHook('onRequest', async (request, reply) => {
    const key = presentedKey(request);
    // No key is not a guess: only a wrong key counts against the address (and only then is the database read).
    if (!key) throw new ApiError('ADMIN_UNAUTHORIZED');
    await throttle.refuseWhileLocked(request, reply);
    // Checked against the database's hash on every call, so a rotation in any process refuses the old key at once.
    if (!(await ctx.keyring.admin.verify(key))) {
      await throttle.recordFailure(request);
      throw new ApiError('ADMIN_UNAUTHORIZED');
    }
  });
  for (const register of ADMIN_ROUTES) register(app, ctx);
}
