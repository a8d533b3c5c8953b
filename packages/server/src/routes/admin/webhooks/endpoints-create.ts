import { admin, WebhookEndpointWithSecretResponse } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { auditOrigin, scopedCustomerId } from '../access.ts';

/** POST /admin/v1/webhooks/endpoints — register an endpoint for a customer (a customer user: its own); the secret is shown this once. */
const route: RouteModule = (app, ctx) => {
  app.post('/webhooks/endpoints', {
    config: { access: 'webhooks.write' },
    schema: {
      tags: ['Admin'], summary: 'Create a webhook endpoint for a customer', security: adminSecurity,
      description: 'The body of POST /v1/webhooks/endpoints plus `customerId` (required for operators; a customer user\'s own is implied). '
        + 'The answer\'s `secret` is shown here and on rotateSecret only.',
      body: admin.WebhookManageCreateRequest, response: { 200: WebhookEndpointWithSecretResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { customerId: requested, ...body } = request.body;
    const customerId = scopedCustomerId(request, requested);
    if (customerId === undefined) {
      throw new ApiError('VALIDATION_FAILED', { field: 'customerId', reason: { en: 'is required for an operator', zh: '运营方必须指定' } });
    }
    await ctx.customers.get(customerId);
    reply.header('cache-control', 'no-store');
    return ok(request, await ctx.webhookEndpoints.create(customerId, body, auditOrigin(request)));
  });
};
export default route;
