import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { renderAdminProduct } from '../../services/products-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/** GET /admin/v1/products — with fee schedules and BIN ranges. */
const route: RouteModule = (app, ctx) => {
  app.get('/products', {
    config: { access: 'products.read' },
    schema: { tags: ['Admin'], summary: 'List products', security: adminSecurity, response: { 200: admin.AdminProductListResponse, ...errorResponses } },
  }, async (request) => {
    ctx.catalog.invalidate();
    return ok(request, [...(await ctx.catalog.all()).values()].map(renderAdminProduct));
  });
};
export default route;
