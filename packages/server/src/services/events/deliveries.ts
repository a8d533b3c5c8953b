import { sql } from 'kysely';
import type { Delivery, DeliveryAttempt, DeliveryStatus } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { parseDateRange } from '../../lib/date-range.ts';
import { auditInsert, type AuditOrigin } from '../audit/audit-log.ts';
import { getEvent } from './queries.ts';

type Row = Record<string, unknown>;
const iso = (value: unknown) => new Date(value as string | Date).toISOString();
const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : iso(value));

function renderAttempt(row: Row): DeliveryAttempt {
  return {
    attemptedOn: iso(row.attempted_at),
    httpStatus: row.http_status === null ? null : Number(row.http_status),
    error: (row.error as string | null) ?? null,
    durationMs: Number(row.duration_ms),
    nextAttemptOn: isoOrNull(row.next_attempt_at),
  };
}

/**
 * The deliveries of some of a customer's events, each with its attempts (oldest
 * first), keyed by event id. Two statements whatever the number of events, so an
 * admin page of 100 events costs the same as one event.
 */
export async function deliveriesOfEvents(store: Store, customerId: string, eventIds: string[]): Promise<Map<string, Delivery[]>> {
  const byEvent = new Map<string, Delivery[]>(eventIds.map((id) => [id, []]));
  if (eventIds.length === 0) return byEvent;
  const { rows } = await sql<Row>`
    SELECT d.id, d.event_id, d.endpoint_id, e.url, d.status, d.attempts, d.next_attempt_at, d.created_at
    FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
    WHERE d.customer_id = ${customerId} AND d.event_id IN (${sql.join(eventIds)})
    ORDER BY d.id`.execute(store.db);
  if (rows.length === 0) return byEvent;
  const attempts = await sql<Row>`
    SELECT delivery_id, attempted_at, http_status, error, duration_ms, next_attempt_at FROM webhook_attempts
    WHERE customer_id = ${customerId} AND delivery_id IN (${sql.join(rows.map((r) => String(r.id)))})
    ORDER BY id`.execute(store.db);
  const attemptsOf = new Map<string, DeliveryAttempt[]>();
  for (const a of attempts.rows) {
    const key = String(a.delivery_id);
    attemptsOf.set(key, [...(attemptsOf.get(key) ?? []), renderAttempt(a)]);
  }
  for (const r of rows) {
    const deliveryId = String(r.id);
    byEvent.get(r.event_id as string)!.push({
      deliveryId, eventId: r.event_id as string, endpointId: r.endpoint_id as string, url: r.url as string,
      status: r.status as DeliveryStatus, attemptCount: Number(r.attempts), nextAttemptOn: isoOrNull(r.next_attempt_at),
      createdOn: iso(r.created_at), attempts: attemptsOf.get(deliveryId) ?? [],
    });
  }
  return byEvent;
}

/** GET /v1/events/{eventId}/deliveries: EVENT_NOT_FOUND for another customer's event. */
export async function listDeliveries(store: Store, customerId: string, eventId: string): Promise<Delivery[]> {
  await getEvent(store, customerId, eventId);
  return (await deliveriesOfEvents(store, customerId, [eventId])).get(eventId)!;
}

/** The customer's endpoint, unless deleted: a deleted or foreign endpoint is answered like one that does not exist. */
async function requireEndpoint(store: Store, customerId: string, endpointId: string): Promise<void> {
  const { rows } = await sql<Row>`SELECT 1 FROM webhook_endpoints
    WHERE id = ${endpointId} AND customer_id = ${customerId} AND status <> 'Deleted'`.execute(store.db);
  if (rows.length === 0) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND', { endpointId });
}

/**
 * Queues the event again as new Pending deliveries, due now: to one endpoint
 * (the customer's, not deleted, whatever types it subscribes to: the customer
 * asked for it by name; a disabled one's deliveries fail until it is enabled),
 * or else to every enabled endpoint subscribed to its type, the way the event
 * was fanned out in the first place. A webhook.test event belongs to the
 * endpoint it tested. Returns how many were queued.
 */
export async function resendEvent(store: Store, customerId: string, eventId: string, endpointId?: string, audit?: AuditOrigin): Promise<number> {
  const event = await getEvent(store, customerId, eventId);
  if (endpointId !== undefined) await requireEndpoint(store, customerId, endpointId);
  const target = endpointId !== undefined ? sql`e.id = ${endpointId}`
    : event.type === 'webhook.test' ? sql`e.id = ${String(event.subject.endpointId)} AND e.status = 'Enabled'`
    : sql`e.status = 'Enabled' AND (e.event_types IS NULL OR ${event.type} = ANY (e.event_types))`;
  const insert = sql<Row>`
    INSERT INTO webhook_deliveries (customer_id, event_id, endpoint_id, next_attempt_at)
    SELECT ${customerId}, ${eventId}, e.id, now() FROM webhook_endpoints e
    WHERE e.customer_id = ${customerId} AND e.status <> 'Deleted' AND ${target}
    RETURNING id`;
  if (!audit) return (await insert.execute(store.db)).rows.length;
  return store.transaction(async (run) => {
    const queued = (await run(insert)).length;
    await run(auditInsert(audit, { action: 'event.resend', targetType: 'event', targetId: eventId, customerId, after: { endpointId: endpointId ?? null, queued } }));
    return queued;
  });
}

const DAY_MS = 86_400_000;

/** `since` for recover: an ISO 8601 date or date-time, within the retention period and not in the future. */
export function parseSince(text: string, retentionDays: number, now = new Date()): Date {
  const since = parseDateRange(text, undefined, { from: 'since', to: 'since' }).from!;
  if (since.getTime() > now.getTime()) {
    throw new ApiError('VALIDATION_FAILED', { field: 'since', reason: { en: 'is in the future', zh: '不能是未来的时间' } });
  }
  if (since.getTime() < now.getTime() - retentionDays * DAY_MS) {
    throw new ApiError('VALIDATION_FAILED', {
      field: 'since',
      reason: { en: `is more than ${retentionDays} days ago (events are kept ${retentionDays} days)`, zh: `早于 ${retentionDays} 天前（事件保留 ${retentionDays} 天）` },
    });
  }
  return since;
}

/**
 * POST …/endpoints/{endpointId}/recover: every Failed delivery to the endpoint
 * created since `since` is Pending again, due now. Its attempt count and
 * attempts stay as they were (they are its history); the worker's schedule
 * decides what follows another failure. Returns how many were queued.
 */
export async function recoverDeliveries(store: Store, customerId: string, endpointId: string, since: Date, audit?: AuditOrigin): Promise<number> {
  await requireEndpoint(store, customerId, endpointId);
  const requeue = sql<Row>`
    UPDATE webhook_deliveries SET status = 'Pending', next_attempt_at = now(), finished_at = NULL, locked_until = NULL
    WHERE customer_id = ${customerId} AND endpoint_id = ${endpointId} AND status = 'Failed' AND created_at >= ${since}
    RETURNING id`;
  if (!audit) return (await requeue.execute(store.db)).rows.length;
  return store.transaction(async (run) => {
    const queued = (await run(requeue)).length;
    await run(auditInsert(audit, {
      action: 'webhook_endpoint.recover', targetType: 'webhook_endpoint', targetId: endpointId, customerId, after: { since: since.toISOString(), queued },
    }));
    return queued;
  });
}
