import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { renderAdminProduct } from '../../services/products-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';
import { ownCustomerId } from './access.ts';

/**
 * GET /admin/v1/products — with fee schedules, BIN ranges and retirement. Operators
 * see every product; a customer user only those its customer is entitled to (retired
 * ones included, with retiredOn: its existing cards may still be on them).
 */
const route: RouteModule = (app, ctx) => {
  app.get('/products', {
    config: { access: 'products.read' },
    schema: { tags: ['Admin'], summary: 'List products', security: adminSecurity, response: { 200: admin.AdminProductListResponse, ...errorResponses } },
  }, async (request) => {
    // Operators expect to see a change made through another process at once, not after the catalog's TTL.
    ctx.catalog.invalidate();
    const products = [...(await ctx.catalog.all()).values()];
    const customerId = ownCustomerId(request);
    const allowed = customerId === null ? null : await ctx.catalog.entitlements.allowedCodes(customerId);
    return ok(request, products.filter((p) => allowed === null || allowed.has(p.code)).map(renderAdminProduct));
  });
};
export default route;
