import { sql } from 'kysely';
import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { renderEndpoint, type EndpointRow } from '../../services/webhooks/endpoints.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';
import { requiredCustomer } from './orders/list-scope.ts';

/** GET /admin/v1/webhooks/endpoints?customerId=… — a customer's endpoints (a customer user: its own), disabled ones with the reason; never secrets. */
const route: RouteModule = (app, ctx) => {
  app.get('/webhooks/endpoints', {
    config: { access: 'webhooks.read' },
    schema: {
      tags: ['Admin'], summary: 'List a customer\'s webhook endpoints', security: adminSecurity,
      querystring: admin.AdminCustomerQuery, response: { 200: admin.AdminWebhookEndpointsResponse, ...errorResponses },
    },
  }, async (request) => {
    const customerId = await requiredCustomer(request, ctx, request.query.customerId);
    // Deleted endpoints are gone for the customer too, and unbounded in number (create, delete, repeat).
    const { rows } = await sql<EndpointRow>`
      SELECT * FROM webhook_endpoints WHERE customer_id = ${customerId} AND status <> 'Deleted' ORDER BY created_at, id`.execute(ctx.store.db);
    return ok(request, rows.map(renderEndpoint));
  });
};
export default route;
