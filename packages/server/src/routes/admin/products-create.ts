import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { createProduct, renderAdminProduct } from '../../services/products-admin.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';
import { auditOrigin } from './access.ts';

/** POST /admin/v1/products — a product with its card modes, currencies, BIN range and fee schedule (audited: product.create). */
const route: RouteModule = (app, ctx) => {
  app.post('/products', {
    config: { access: 'products.write' },
    schema: {
      tags: ['Admin'], summary: 'Create a product', security: adminSecurity,
      body: admin.CreateProductRequest, response: { 200: admin.AdminProductResponse, ...errorResponses },
    },
  }, async (request) => ok(request, renderAdminProduct(await createProduct(ctx.store, ctx.catalog, request.body, auditOrigin(request)))));
};
export default route;
