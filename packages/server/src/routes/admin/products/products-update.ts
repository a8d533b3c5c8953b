import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { renderAdminProduct } from '../../../services/products-admin.ts';
import { updateProduct } from '../../../services/products-lifecycle.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';

/** PATCH /admin/v1/products/{productCode} — name, description, BIN range, fee schedule (audited: product.update). */
const route: RouteModule = (app, ctx) => {
  app.patch('/products/:productCode', {
    config: { access: 'products.write' },
    schema: {
      tags: ['Admin'], summary: 'Update a product', security: adminSecurity,
      description: 'Fields left out stay as they are; `fees` replaces the whole fee schedule. Applies to orders placed from now on.',
      params: admin.ProductParams, body: admin.ProductUpdateRequest, response: { 200: admin.AdminProductResponse, ...errorResponses },
    },
  }, async (request) => ok(request, renderAdminProduct(
    await updateProduct(ctx.store, ctx.catalog, request.params.productCode, request.body, auditOrigin(request)))));
};
export default route;
