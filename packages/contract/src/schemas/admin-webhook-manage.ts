import { Type, type Static } from '@sinclair/typebox';
import { IdInput } from '../envelope.ts';
import { CreateWebhookEndpointRequest } from './webhooks.ts';

/**
 * The console's webhook pages change endpoints through /admin/v1 with the
 * bodies of the integrator API; only creation needs to say whose endpoint it
 * is (an operator names the customer; a customer user's own is implied).
 */
export const WebhookManageCreateRequest = Type.Composite([CreateWebhookEndpointRequest, Type.Object({
  customerId: Type.Optional(IdInput('Whose endpoint: required for operators; a customer user\'s own customer otherwise')),
})], { additionalProperties: false });
export type WebhookManageCreateRequest = Static<typeof WebhookManageCreateRequest>;
