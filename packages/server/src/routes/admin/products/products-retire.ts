import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { renderAdminProduct } from '../../../services/products-admin.ts';
import { retireProduct } from '../../../services/products-lifecycle.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin } from '../access.ts';

/** POST /admin/v1/products/{productCode}/retire — no new cards on it; existing cards keep working (audited: product.retire). */
const route: RouteModule = (app, ctx) => {
  app.post('/products/:productCode/retire', {
    config: { access: 'products.write' },
    schema: {
      tags: ['Admin'], summary: 'Retire a product', security: adminSecurity,
      description: 'Sets retiredOn. Retiring a retired product answers it unchanged.',
      params: admin.ProductParams, response: { 200: admin.AdminProductResponse, ...errorResponses },
    },
  }, async (request) => ok(request, renderAdminProduct(await retireProduct(ctx.store, ctx.catalog, request.params.productCode, auditOrigin(request)))));
};
export default route;
