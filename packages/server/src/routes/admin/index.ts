import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../lib/api-error.ts';
import { safeEqual } from '../../lib/crypto.ts';
import type { AppContext } from '../../context.ts';
import type { RouteModule, TypedApp } from '../route-kit.ts';
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

const ADMIN_ROUTES: RouteModule[] = [
  customersCreate, customersList, customersStatus, clientsCreate, clientsList, clientsRevoke,
  depositsCreate, productsCreate, productsList, ledgerVerify,
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
  app.addHook('onRequest', async (request) => {
    const key = presentedKey(request);
    if (!key || !safeEqual(key, ctx.keys.adminKey)) throw new ApiError('ADMIN_UNAUTHORIZED');
  });
  for (const register of ADMIN_ROUTES) register(app, ctx);
}
