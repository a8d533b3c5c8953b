import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  MAX_WEBHOOK_ENDPOINTS, type CardepassEvent, type CreateWebhookEndpointRequest, type DeliveryFaults,
  type UpdateWebhookEndpointRequest, type WebhookEndpoint, type WebhookEndpointStatus, type WebhookEndpointWithSecret,
} from '@cardepass/contract';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { auditInsert, type AuditOrigin } from '../audit/audit-log.ts';
import type { DataKeyring } from '../keys/data-keyring.ts';
import { getEvent } from '../events/queries.ts';
import { renderEvent } from '../events/render.ts';
import { sealSecret } from './endpoint-secrets.ts';
import { newWebhookSecret } from './signing.ts';
import { checkUrl, urlPolicyFor } from './url-policy.ts';

/** One row of webhook_endpoints, as Kysely or a raw `sql` query returns it. */
export interface EndpointRow {
  id: string;
  customer_id: string;
  url: string;
  event_types: string[] | null;
  description: string | null;
  status: 'Enabled' | 'Disabled' | 'Deleted';
  disabled_reason: string | null;
  delivery_faults: unknown;
  created_at: Date | string;
  modified_at: Date | string;
}

/** The endpoint as the API shows it: never its secrets. */
export function renderEndpoint(row: EndpointRow): WebhookEndpoint {
  const faults = typeof row.delivery_faults === 'string' ? JSON.parse(row.delivery_faults) : row.delivery_faults;
  return {
    endpointId: row.id,
    url: row.url,
    eventTypes: row.event_types,
    description: row.description,
    // 'Deleted' rows are invisible to the integrator API; the admin view may still show them as they are.
    status: row.status as WebhookEndpointStatus,
    disabledReason: row.disabled_reason,
    deliveryFaults: (faults ?? null) as DeliveryFaults | null,
    createdOn: new Date(row.created_at).toISOString(),
    modifiedOn: new Date(row.modified_at).toISOString(),
  };
}

// Lowercase Crockford base32 (no i, l, o, u): 24 characters are 120 random bits.
const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export function newEndpointId(): string {
  const bytes = randomBytes(24);
  let out = 'we_';
  for (const byte of bytes) out += ID_ALPHABET[byte & 31];
  return out;
}

/** After a rotation the previous secret keeps signing this long, so receivers can switch without losing a delivery. */
const PREVIOUS_SECRET_GRACE = '24 hours';
const TEST_MESSAGE = 'Test event from Cardepass';

/**
 * The audit row of an endpoint change, for the caller's transaction: the operator API passes
 * the session's or admin key's origin, the integrator API its client's. Renders carry no secret.
 */
const endpointAudit = (origin: AuditOrigin, customerId: string, endpointId: string, action: string, before: unknown, after: unknown) =>
  auditInsert(origin, { action: `webhook_endpoint.${action}`, targetType: 'webhook_endpoint', targetId: endpointId, customerId, before, after });

/** A customer's webhook endpoints: registration, changes, secret rotation and test events. Changes are audited when given an origin. */
export class WebhookEndpoints {
  constructor(
    private readonly store: Store,
    private readonly config: Pick<Config, 'environment' | 'webhookAllowPrivate'>,
    private readonly dataKeys: DataKeyring,
  ) {}

  async create(customerId: string, body: CreateWebhookEndpointRequest, audit?: AuditOrigin): Promise<WebhookEndpointWithSecret> {
    this.checkFaults(body.deliveryFaults);
    // DNS and the data key first: the transaction below must hold the customer lock for as short as possible
    // (and PGlite has one connection, so no other query may run while a transaction is open).
    await checkUrl(body.url, urlPolicyFor(this.config));
    const id = newEndpointId();
    const secret = newWebhookSecret();
    const sealed = await sealSecret(this.dataKeys, id, secret);
    const row = await this.store.transaction(async (run) => {
      // Serializes this customer's creations so two concurrent ones cannot both see 9 and make 11. NO KEY
      // UPDATE, not UPDATE: it does not conflict with the KEY SHARE locks the customer's orders and cards
      // take through their foreign keys, so the money paths never wait for an endpoint being created.
      await run(sql`SELECT id FROM customers WHERE id = ${customerId} FOR NO KEY UPDATE`);
      const [counted] = await run<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM webhook_endpoints WHERE customer_id = ${customerId} AND status <> 'Deleted'`);
      if ((counted?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS) throw new ApiError('WEBHOOK_ENDPOINT_LIMIT', { limit: MAX_WEBHOOK_ENDPOINTS });
      const [inserted] = await run<EndpointRow>(sql`
        INSERT INTO webhook_endpoints (id, customer_id, url, event_types, description, status, secret_encrypted, secret_key_version, delivery_faults)
        VALUES (${id}, ${customerId}, ${body.url}, ${body.eventTypes ?? null}::text[], ${body.description ?? null}, 'Enabled',
                ${sealed.encrypted}, ${sealed.keyVersion}, ${body.deliveryFaults ? JSON.stringify(body.deliveryFaults) : null}::jsonb)
        RETURNING *`);
      if (audit) await run(endpointAudit(audit, customerId, id, 'create', null, renderEndpoint(inserted!)));
      return inserted!;
    });
    return { ...renderEndpoint(row), secret };
  }

  async list(customerId: string): Promise<WebhookEndpoint[]> {
    const { rows } = await sql<EndpointRow>`
      SELECT * FROM webhook_endpoints WHERE customer_id = ${customerId} AND status <> 'Deleted' ORDER BY created_at, id`.execute(this.store.db);
    return rows.map(renderEndpoint);
  }

  async get(customerId: string, endpointId: string): Promise<WebhookEndpoint> {
    return renderEndpoint(await this.row(customerId, endpointId));
  }

  async update(customerId: string, endpointId: string, body: UpdateWebhookEndpointRequest, audit?: AuditOrigin): Promise<WebhookEndpoint> {
    this.checkFaults(body.deliveryFaults);
    // An unknown or foreign endpoint is 404 before its new URL is judged (or resolved).
    await this.row(customerId, endpointId);
    if (body.url !== undefined) await checkUrl(body.url, urlPolicyFor(this.config));
    const changes = [
      sql`modified_at = now()`,
      ...(body.url !== undefined ? [sql`url = ${body.url}`] : []),
      ...(body.eventTypes !== undefined ? [sql`event_types = ${body.eventTypes}::text[]`] : []),
      ...(body.description !== undefined ? [sql`description = ${body.description}`] : []),
      ...(body.deliveryFaults !== undefined ? [sql`delivery_faults = ${body.deliveryFaults === null ? null : JSON.stringify(body.deliveryFaults)}::jsonb`] : []),
      // Enabling starts afresh: the platform's reason and the failure clock no longer apply. A customer's
      // own Disabled has no platform reason either.
      ...(body.status !== undefined ? [sql`status = ${body.status}`, sql`disabled_reason = NULL`] : []),
      ...(body.status === 'Enabled' ? [sql`failing_since = NULL`] : []),
    ];
    return this.store.transaction(async (run) => {
      // The row as it was, locked, for the audit's before (and a delete that won the race is a 404 here).
      const [before] = await run<EndpointRow>(sql`
        SELECT * FROM webhook_endpoints WHERE id = ${endpointId} AND customer_id = ${customerId} AND status <> 'Deleted' FOR UPDATE`);
      if (!before) throw notFound(endpointId);
      const [after] = await run<EndpointRow>(sql`UPDATE webhook_endpoints SET ${sql.join(changes)} WHERE id = ${endpointId} RETURNING *`);
      if (audit) await run(endpointAudit(audit, customerId, endpointId, 'update', renderEndpoint(before), renderEndpoint(after!)));
      return renderEndpoint(after!);
    });
  }

  /** Soft delete; answers the endpoint as it was just before (its last status). Its pending deliveries will not be sent. */
  async delete(customerId: string, endpointId: string, audit?: AuditOrigin): Promise<WebhookEndpoint> {
    return this.store.transaction(async (run) => {
      const [before] = await run<EndpointRow>(sql`
        SELECT * FROM webhook_endpoints WHERE id = ${endpointId} AND customer_id = ${customerId} AND status <> 'Deleted' FOR UPDATE`);
      if (!before) throw notFound(endpointId);
      const [after] = await run<EndpointRow>(sql`
        UPDATE webhook_endpoints SET status = 'Deleted', modified_at = now() WHERE id = ${endpointId} RETURNING *`);
      await run(sql`
        UPDATE webhook_deliveries SET status = 'Failed', next_attempt_at = NULL, finished_at = now()
        WHERE endpoint_id = ${endpointId} AND status = 'Pending'`);
      if (audit) await run(endpointAudit(audit, customerId, endpointId, 'delete', renderEndpoint(before), renderEndpoint(after!)));
      return renderEndpoint({ ...after!, status: before.status });
    });
  }

  /** A new current secret; the old one keeps signing (as a second signature) for 24 hours. */
  async rotateSecret(customerId: string, endpointId: string, audit?: AuditOrigin): Promise<WebhookEndpointWithSecret> {
    const secret = newWebhookSecret();
    const sealed = await sealSecret(this.dataKeys, endpointId, secret);
    // One statement: the right-hand sides read the row as it was, so current → previous and new → current at once.
    const row = await this.store.transaction(async (run) => {
      const [rotated] = await run<EndpointRow & { previous_secret_expires_at: Date | string }>(sql`
        UPDATE webhook_endpoints SET
          previous_secret_encrypted = secret_encrypted, previous_secret_key_version = secret_key_version,
          previous_secret_expires_at = now() + ${PREVIOUS_SECRET_GRACE}::interval,
          secret_encrypted = ${sealed.encrypted}, secret_key_version = ${sealed.keyVersion}, modified_at = now()
        WHERE id = ${endpointId} AND customer_id = ${customerId} AND status <> 'Deleted' RETURNING *`);
      if (!rotated) throw notFound(endpointId);
      // The secrets themselves never reach the log: only that a rotation happened, and when the old one stops signing.
      if (audit) await run(endpointAudit(audit, customerId, endpointId, 'rotate_secret', null, { previousSigningEndsOn: new Date(rotated.previous_secret_expires_at).toISOString() }));
      return rotated;
    });
    return { ...renderEndpoint(row), secret };
  }

  /** Queues a webhook.test event to this endpoint only (the event function fans out every other type itself). */
  async sendTest(customerId: string, endpointId: string, audit?: AuditOrigin): Promise<CardepassEvent> {
    const eventId = await this.store.transaction(async (run) => {
      // FOR SHARE keeps a concurrent delete (an UPDATE of the row) from slipping in before our delivery row.
      const [endpoint] = await run<{ id: string }>(sql`
        SELECT id FROM webhook_endpoints WHERE id = ${endpointId} AND customer_id = ${customerId} AND status <> 'Deleted' FOR SHARE`);
      if (!endpoint) throw notFound(endpointId);
      const [event] = await run<{ id: string }>(sql`
        SELECT cardepass_emit_event(${customerId}, 'webhook.test', NULL, ${JSON.stringify({ endpointId, message: TEST_MESSAGE })}::jsonb) AS id`);
      await run(sql`
        INSERT INTO webhook_deliveries (customer_id, event_id, endpoint_id, next_attempt_at)
        VALUES (${customerId}, ${event!.id}, ${endpointId}, now())`);
      if (audit) await run(endpointAudit(audit, customerId, endpointId, 'test', null, { eventId: event!.id }));
      return event!.id;
    });
    return renderEvent(await getEvent(this.store, customerId, eventId));
  }

  /** The customer's endpoint, unless deleted; another customer's is answered like one that does not exist. */
  private async row(customerId: string, endpointId: string): Promise<EndpointRow> {
    const { rows } = await sql<EndpointRow>`
      SELECT * FROM webhook_endpoints WHERE id = ${endpointId} AND customer_id = ${customerId} AND status <> 'Deleted'`.execute(this.store.db);
    if (!rows[0]) throw notFound(endpointId);
    return rows[0];
  }

  /** Fault injection is a sandbox tool: production receivers get the network's own faults, not ours. */
  private checkFaults(faults: DeliveryFaults | null | undefined): void {
    if (faults && this.config.environment !== 'sandbox') throw new ApiError('DELIVERY_FAULTS_SANDBOX_ONLY');
  }
}

const notFound = (endpointId: string) => new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND', { endpointId });
