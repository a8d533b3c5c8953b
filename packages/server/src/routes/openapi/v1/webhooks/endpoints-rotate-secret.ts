import { EndpointParams, WebhookEndpointWithSecretResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';
import { clientAuditOrigin } from './client-audit-origin.ts';

/** POST /v1/webhooks/endpoints/{endpointId}/rotateSecret — a new signing secret, the old one honoured 24 hours more. */
const route: RouteModule = (app, ctx) => {
  app.post('/v1/webhooks/endpoints/:endpointId/rotateSecret', {
    schema: {
      tags: ['Webhooks'], summary: 'Rotate a webhook endpoint\'s secret', security: bearerSecurity,
      description: 'The new secret (shown this once) signs from now on. For 24 hours every delivery also carries a signature with '
        + 'the previous secret (space-separated in webhook-signature), so the receiver can switch without missing a delivery.',
      params: EndpointParams, response: { 200: WebhookEndpointWithSecretResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return ok(request, await ctx.webhookEndpoints.rotateSecret(request.principal.customerId, request.params.endpointId, clientAuditOrigin(request)));
  });
};
export default route;
