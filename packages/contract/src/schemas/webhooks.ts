import { Type, type Static } from '@sinclair/typebox';
import { Envelope, DateTimeOutput, IdInput } from '../envelope.ts';
import { EventTypeSchema } from './events.ts';

/** Webhook endpoints: where a customer's events are pushed, signed per Standard Webhooks. */
export const MAX_WEBHOOK_ENDPOINTS = 10;
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const WEBHOOK_ENDPOINT_STATUSES = ['Enabled', 'Disabled'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

const strict = { additionalProperties: false } as const;
const Url = Type.String({ minLength: 1, maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'https URL (http and loopback allowed in the sandbox)' });
const EventTypes = Type.Array(EventTypeSchema, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'Event types to send; absent or null = all' });
const Description = Type.String({ maxLength: 500 });
const Status = Type.Unsafe<WebhookEndpointStatus>({ type: 'string', enum: [...WEBHOOK_ENDPOINT_STATUSES], description: 'Enabled or Disabled' });

/**
 * Sandbox only: make delivery misbehave the way networks do, so a receiver is
 * proven to tolerate it. duplicateRate: the share of deliveries sent twice;
 * reorderWindowS: each first attempt is delayed by a random 0…reorderWindowS seconds.
 */
export const DeliveryFaults = Type.Object({
  duplicateRate: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
  reorderWindowS: Type.Integer({ minimum: 0, maximum: 300, default: 0 }),
}, strict);
export type DeliveryFaults = Static<typeof DeliveryFaults>;

export const WebhookEndpoint = Type.Object({
  endpointId: Type.String(),
  url: Type.String(),
  eventTypes: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null = every event type' }),
  description: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  disabledReason: Type.Union([Type.String(), Type.Null()], { description: 'Why the platform disabled it (410 Gone, 5 days of failures); null otherwise' }),
  deliveryFaults: Type.Union([DeliveryFaults, Type.Null()]),
  createdOn: DateTimeOutput('Created'),
  modifiedOn: DateTimeOutput('Last changed'),
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

/** On create and rotate only: the signing secret. */
export const WebhookEndpointWithSecret = Type.Composite([WebhookEndpoint, Type.Object({
  secret: Type.String({ description: 'whsec_…: shown on create and rotate only; verify webhook-signature with it' }),
})]);
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecret>;

export const CreateWebhookEndpointRequest = Type.Object({
  url: Url,
  eventTypes: Type.Optional(Type.Union([EventTypes, Type.Null()])),
  description: Type.Optional(Description),
  deliveryFaults: Type.Optional(DeliveryFaults),
}, strict);
export type CreateWebhookEndpointRequest = Static<typeof CreateWebhookEndpointRequest>;

export const UpdateWebhookEndpointRequest = Type.Object({
  url: Type.Optional(Url),
  eventTypes: Type.Optional(Type.Union([EventTypes, Type.Null()])),
  description: Type.Optional(Type.Union([Description, Type.Null()])),
  status: Type.Optional(Status),
  deliveryFaults: Type.Optional(Type.Union([DeliveryFaults, Type.Null()])),
}, strict);
export type UpdateWebhookEndpointRequest = Static<typeof UpdateWebhookEndpointRequest>;

/** POST …/recover: every failed delivery to the endpoint since `since` is queued again. */
export const RecoverRequest = Type.Object({
  since: Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 date or date-time (UTC), at most the retention period ago' }),
}, strict);
export type RecoverRequest = Static<typeof RecoverRequest>;

export const EndpointParams = Type.Object({ endpointId: IdInput('Endpoint id (we_…)') });
export const WebhookEndpointResponse = Envelope(WebhookEndpoint);
export const WebhookEndpointWithSecretResponse = Envelope(WebhookEndpointWithSecret);
export const WebhookEndpointsResponse = Envelope(Type.Array(WebhookEndpoint));
