// Webhook endpoints (/v1/webhooks/endpoints…): where the platform pushes the
// customer's events, signed per Standard Webhooks. The secret is in the answer
// of create and rotateSecret only: keep it then, it is never shown again.
//
// Retries: these POSTs carry no idempotency key, so only those whose repetition
// changes nothing (update) are retried by default. A retried create would make a
// second endpoint, a retried rotateSecret would discard the secret the first
// rotation made, a retried delete would answer 404 for a deleted endpoint; pass
// `{ maxRetries }` to a call to choose otherwise.
import type {
  CreateWebhookEndpointRequest, RecoverRequest, UpdateWebhookEndpointRequest, WebhookEndpoint, WebhookEndpointWithSecret, WebhookTestEvent,
} from '../wire-types.ts';
import type { ApiClient } from '../core.ts';
import type { RequestOptions } from '../http.ts';
import { pathId, type DateInput } from '../request-params.ts';
import type { ApiPromise } from '../results.ts';

const BASE = '/v1/webhooks/endpoints';

/** What resend and recover answer: how many deliveries were queued. */
export interface QueuedDeliveries {
  queued: number;
}

/** POST options without retries unless the caller asks for them. */
export const once = (options?: RequestOptions): RequestOptions => ({ maxRetries: 0, ...options });

export class WebhookEndpoints {
  constructor(private readonly api: ApiClient) {}

  /** Registers a URL (https; http and loopback in the sandbox) for all event types or `eventTypes`; answers the secret once. */
  create(body: CreateWebhookEndpointRequest, options?: RequestOptions): ApiPromise<WebhookEndpointWithSecret> {
    return this.api.post<WebhookEndpointWithSecret>(BASE, body, once(options));
  }

  /** Every endpoint of the customer (at most 10), without secrets. */
  list(options?: RequestOptions): ApiPromise<WebhookEndpoint[]> {
    return this.api.get<WebhookEndpoint[]>(BASE, undefined, options);
  }

  retrieve(endpointId: string, options?: RequestOptions): ApiPromise<WebhookEndpoint> {
    return this.api.get<WebhookEndpoint>(`${BASE}/${pathId('endpointId', endpointId)}`, undefined, options);
  }

  /** Changes what is given: url, eventTypes (null: all), description, status (Enabled | Disabled), deliveryFaults (sandbox). */
  update(endpointId: string, body: UpdateWebhookEndpointRequest, options?: RequestOptions): ApiPromise<WebhookEndpoint> {
    return this.api.post<WebhookEndpoint>(`${BASE}/${pathId('endpointId', endpointId)}/update`, body, options);
  }

  /** Deletes the endpoint (then 404 everywhere): nothing more is delivered to it. Answers it as it was just before. */
  delete(endpointId: string, options?: RequestOptions): ApiPromise<WebhookEndpoint> {
    return this.api.post<WebhookEndpoint>(`${BASE}/${pathId('endpointId', endpointId)}/delete`, {}, once(options));
  }

  /** A new secret; for 24 hours deliveries carry signatures with both the old and the new one. */
  rotateSecret(endpointId: string, options?: RequestOptions): ApiPromise<WebhookEndpointWithSecret> {
    return this.api.post<WebhookEndpointWithSecret>(`${BASE}/${pathId('endpointId', endpointId)}/rotateSecret`, {}, once(options));
  }

  /** Queues a `webhook.test` event to this endpoint alone and answers it; see events.deliveries(eventId) for how it went. */
  test(endpointId: string, options?: RequestOptions): ApiPromise<WebhookTestEvent> {
    return this.api.post<WebhookTestEvent>(`${BASE}/${pathId('endpointId', endpointId)}/test`, {}, once(options));
  }

  /** Queues again every delivery to this endpoint that Failed since `since` (a date, date-time or Date). */
  recover(endpointId: string, since: DateInput, options?: RequestOptions): ApiPromise<QueuedDeliveries> {
    const body: RecoverRequest = { since: since instanceof Date ? since.toISOString() : since };
    return this.api.post<QueuedDeliveries>(`${BASE}/${pathId('endpointId', endpointId)}/recover`, body, once(options));
  }
}
