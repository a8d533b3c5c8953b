import { ProductsResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';

/** GET /v1/products — the products the customer can apply for: not retired, and entitled when it has a selection. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/products', {
    schema: { tags: ['Products'], summary: 'List available products', security: bearerSecurity, response: { 200: ProductsResponse, ...errorResponses } },
  }, async (request) => {
    const products = await ctx.catalog.offeredTo(request.principal.customerId);
    return ok(request, products.map((p) => ({
      productCode: p.code, productName: p.name, cardModels: p.cardModels, cardCurrency: p.currencies, description: p.description,
    })));
  });
};
export default route;
