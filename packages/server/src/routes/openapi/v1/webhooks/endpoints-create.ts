import { CreateWebhookEndpointRequest, WebhookEndpointWithSecretResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';
import { clientAuditOrigin } from './client-audit-origin.ts';

/** POST /v1/webhooks/endpoints — register a URL for the customer's events; the signing secret is shown this once. */
const route: RouteModule = (app, ctx) => {
  app.post('/v1/webhooks/endpoints', {
    schema: {
      tags: ['Webhooks'], summary: 'Create a webhook endpoint', security: bearerSecurity,
      description: 'At most 10 per customer. `eventTypes` absent or null: every event type. In production the URL must be https '
        + 'and must not resolve to a loopback, private, link-local or metadata address. `deliveryFaults` is for the sandbox only. '
        + 'The answer carries the `secret` (whsec_…) that signs every delivery: it is shown here and on rotateSecret only.',
      body: CreateWebhookEndpointRequest, response: { 200: WebhookEndpointWithSecretResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    // The secret must not sit in any cache between the client and us.
    reply.header('cache-control', 'no-store');
    return ok(request, await ctx.webhookEndpoints.create(request.principal.customerId, request.body, clientAuditOrigin(request)));
  });
};
export default route;
