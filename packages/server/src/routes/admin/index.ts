import cookie from '@fastify/cookie';
import type { AppContext } from '../../context.ts';
import type { RouteModule, TypedApp } from '../route-kit.ts';
import { accessCheck } from './access.ts';
import productsCreate from './products-create.ts';
import productsList from './products-list.ts';
import ledgerVerify from './ledger-verify.ts';
import { registerAdminDocument } from './reference/document.ts';
import adminOpenapiJson from './reference/openapi-json.ts';
import { KEY_ROUTES } from './keys-routes.ts';
import { EVENT_ADMIN_ROUTES } from './events-routes.ts';
import { SESSION_ROUTES } from './session/index.ts';
import { USER_ROUTES } from './users/index.ts';
import { CUSTOMER_ROUTES } from './customers/index.ts';
import { CARD_ROUTES } from './cards/index.ts';
import { ORDER_ROUTES } from './orders/index.ts';
import { LEDGER_ROUTES } from './ledger/index.ts';
import { AUDIT_ROUTES } from './audit/index.ts';
import { PRODUCT_ROUTES } from './products/index.ts';
import { EXPORT_ROUTES } from './exports/index.ts';
import { CARD_ORDER_ROUTES } from './card-orders/index.ts';

const ADMIN_ROUTES: RouteModule[] = [
  productsCreate, productsList, ledgerVerify, adminOpenapiJson, ...KEY_ROUTES, ...EVENT_ADMIN_ROUTES,
  ...SESSION_ROUTES, ...USER_ROUTES, ...CUSTOMER_ROUTES, ...CARD_ROUTES, ...ORDER_ROUTES, ...LEDGER_ROUTES, ...AUDIT_ROUTES, ...PRODUCT_ROUTES, ...EXPORT_ROUTES, ...CARD_ORDER_ROUTES,
];

/** The operator API under /admin/v1, for the CLI and the console. */
export async function adminRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  // JSON bodies only, as on /v1: a form or text body is a 415, never a change (a browser can send
  // those cross-site without a preflight, so accepting them would invite CSRF once the console exists).
  app.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
  await app.register(cookie);
  // Fail closed: a route that does not say which permission it needs is a bug found at start-up, not a hole.
  app.addHook('onRoute', (route) => {
    if (!route.config?.access) throw new Error(`admin route ${[route.method].flat().join(',')} ${route.url} declares no access (config.access)`);
  });
  app.addHook('onRequest', accessCheck(ctx, app.log));
  // Before any route: the operator OpenAPI document is collected from the routes as they register.
  await registerAdminDocument(app);
  for (const register of ADMIN_ROUTES) register(app, ctx);
}
