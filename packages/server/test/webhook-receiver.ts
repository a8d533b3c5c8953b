// The webhook delivery tests' other side: a real HTTP server on 127.0.0.1
// that records every request and answers as the test scripts it (a status,
// headers, a hang past the sender's timeout), plus ways to make endpoints and
// to read the delivery log and its figures straight from the database.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Store } from '../src/db/store.ts';
import { newWebhookSecret } from '../src/services/webhooks/signing.ts';
import { sealSecret } from '../src/services/webhooks/endpoint-secrets.ts';
import { WebhookDeliverer } from '../src/services/webhooks/delivery-worker.ts';
import type { TestCustomer, TestPlatform } from './harness.ts';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at_ms: number;
}

/** What the receiver does with its n-th request (0-based): answer, or hang until the sender gives up. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Requests whose connection is still open now, and the most there ever were at once. */
  open: number;
  maxOpen: number;
  /** TCP connections accepted (a refused send never opens one). */
  connections: number;
  /** Resolves when `count` requests have arrived, or throws after timeout_ms. */
  waitFor(count: number, timeout_ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(reply: (n: number, request: ReceivedRequest) => Reply = () => ({ status: 200 })): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    receiver.open++;
    receiver.maxOpen = Math.max(receiver.maxOpen, receiver.open);
    res.on('close', () => { receiver.open--; });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), at_ms: Date.now(),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? ''])),
      };
      const answer = reply(requests.length, received);
      requests.push(received);
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? '');
    });
  });
  const receiver = receiverOf(requests, server);
  server.on('connection', () => { receiver.connections++; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  Object.assign(receiver, { url: `http://127.0.0.1:${port}/hook`, port });
  return receiver;
}

function receiverOf(requests: ReceivedRequest[], server: http.Server): Receiver {
  return {
    url: '', port: 0, requests, open: 0, maxOpen: 0, connections: 0,
    async waitFor(count, timeout_ms) {
      const deadline = Date.now() + timeout_ms;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${requests.length} of ${count} requests within ${timeout_ms} ms`);
        await sleep(20);
      }
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface EndpointSpec {
  url: string;
  eventTypes?: string[] | null;
  deliveryFaults?: { duplicateRate?: number; reorderWindowS?: number } | null;
  status?: 'Enabled' | 'Disabled' | 'Deleted';
}

/**
 * An endpoint row written directly, bypassing registration: how the tests
 * model a URL whose DNS changed after it was checked (rebinding), and any
 * endpoint the registration route would refuse.
 */
export async function insertEndpoint(p: TestPlatform, customerId: string, spec: EndpointSpec): Promise<{ endpointId: string; secret: string }> {
  const endpointId = `we_${randomBytes(12).toString('hex')}`;
  const secret = newWebhookSecret();
  const sealed = await sealSecret(p.app.ctx.keys.dataKeys, endpointId, secret);
  await p.store.db.insertInto('webhook_endpoints').values({
    id: endpointId, customer_id: customerId, url: spec.url, event_types: spec.eventTypes ?? null, description: 'delivery test',
    status: spec.status ?? 'Enabled', secret_encrypted: sealed.encrypted, secret_key_version: sealed.keyVersion,
    delivery_faults: spec.deliveryFaults ? JSON.stringify(spec.deliveryFaults) : null,
  } as never).execute();
  return { endpointId, secret };
}

/** An endpoint through the integrator API (POST /v1/webhooks/endpoints), as an integrator makes it. */
export async function registerEndpoint(p: TestPlatform, c: TestCustomer, body: Record<string, unknown>): Promise<{ endpointId: string; secret: string }> {
  const response = await p.api('POST', '/v1/webhooks/endpoints', { token: c.token, body });
  if (response.statusCode !== 200) throw new Error(`endpoint registration answered ${response.statusCode}: ${response.body}`);
  return { endpointId: response.json.data.endpointId, secret: response.json.data.secret };
}

/** A deliverer on the test platform's store and keys, with its config (overrides for the schedule, timeout, policy). */
export function deliverer(p: TestPlatform, config: Partial<TestPlatform['config']> = {}): WebhookDeliverer {
  return new WebhookDeliverer({
    store: p.store, dataKeys: p.app.ctx.keys.dataKeys, config: { ...p.config, ...config }, log: p.app.log,
    // Wired as serve.ts wires it, so /metrics counts the tests' attempts.
    onOutcome: (outcome) => p.app.metrics.webhookAttempt(outcome),
  });
}

/** Runs delivery rounds until nothing is Pending for the customer (or throws after timeout_ms). */
export async function deliverAll(d: WebhookDeliverer, store: Store, customerId: string, timeout_ms: number): Promise<void> {
  const deadline = Date.now() + timeout_ms;
  for (;;) {
    await d.runDue();
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM webhook_deliveries WHERE customer_id = ${customerId} AND status = 'Pending'`.execute(store.db);
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} deliveries still Pending after ${timeout_ms} ms`);
    await sleep(50);
  }
}

export interface AttemptRow { delivery_id: bigint; attempted_at: Date; http_status: number | null; error: string | null; duration_ms: number; next_attempt_at: Date | null }

export async function attemptsOf(store: Store, eventId: string): Promise<AttemptRow[]> {
  const { rows } = await sql<AttemptRow>`
    SELECT a.delivery_id, a.attempted_at, a.http_status, a.error, a.duration_ms, a.next_attempt_at
    FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.event_id = ${eventId} ORDER BY a.id`.execute(store.db);
  return rows;
}

export interface DeliveryFigures { events: number; delivered: number; failed: number; pending: number; attempts: number; retried: number }

/**
 * The closing note's figures for one test file's database: deliveries Delivered
 * and Failed, and attempts that were retried (a failure followed by another try).
 */
export async function deliveryFigures(store: Store): Promise<DeliveryFigures> {
  const { rows } = await sql<DeliveryFigures>`SELECT
      (SELECT count(*)::int FROM events) AS events,
      (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'Delivered') AS delivered,
      (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'Failed') AS failed,
      (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'Pending') AS pending,
      (SELECT count(*)::int FROM webhook_attempts) AS attempts,
      (SELECT count(*)::int FROM webhook_attempts WHERE next_attempt_at IS NOT NULL) AS retried`.execute(store.db);
  return rows[0]!;
}

/** Prints the figures in one greppable line: `[webhook figures] <label> …`. */
export async function printFigures(label: string, store: Store): Promise<void> {
  console.log(`[webhook figures] ${label} (${store.kind}): ${JSON.stringify(await deliveryFigures(store))}`);
}
