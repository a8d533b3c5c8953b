// Webhook delivery end to end: events made through the real API, delivered by
// the WebhookDeliverer over real HTTP to a receiver on 127.0.0.1, signatures
// checked with the standardwebhooks package (an implementation we did not write).
import { randomBytes } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '@cardepass/contract';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { SwitchableChannel } from '../../../test/gated-channel.ts';
import { applyCard, postOk } from '../../../test/standard-kit.ts';
import { approved, simulateOk } from '../../../test/transactions-kit.ts';
import { deliverAll, deliverer, printFigures, registerEndpoint, startReceiver, type Receiver } from '../../../test/webhook-receiver.ts';
import { newWebhookSecret } from './signing.ts';
import { MAX_IN_FLIGHT, MAX_PER_ENDPOINT } from './delivery-worker.ts';

const channel = new SwitchableChannel();
let p: TestPlatform;
const receivers: Receiver[] = [];
const receiver = async (...args: Parameters<typeof startReceiver>) => { const r = await startReceiver(...args); receivers.push(r); return r; };

beforeAll(async () => { p = await createTestPlatform({ channel }); });
afterAll(async () => {
  if (p) await printFigures('delivery-worker.test', p.store);
  await Promise.all(receivers.map((r) => r.close()));
  await p?.close();
});

const pauseSignalOf = (d: ReturnType<typeof deliverer>) => (d as unknown as { pause: AbortController }).pause.signal;
/** Abort listeners on a signal, and the AbortSignal.any signals Node keeps registered on it (an internal set). */
function attachedTo(signal: AbortSignal) {
  const dependantsKey = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kDependantSignals');
  const dependants = dependantsKey ? (signal as unknown as Record<symbol, Set<unknown> | undefined>)[dependantsKey]?.size ?? 0 : 0;
  return { listeners: getEventListeners(signal, 'abort').length, dependants };
}

const deposit = async (c: TestCustomer, amount = '10') => {
  const response = await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount, reference: `dep-${randomBytes(6).toString('hex')}` });
  expect(response.statusCode, response.body).toBe(200);
};
// Test isolation on the shared platform: what an earlier test left Pending must not take the next test's slots
// (deleted, not failed, so that the file's figures count only what the deliverer decided).
const abandonPending = () => sql`DELETE FROM webhook_deliveries WHERE status = 'Pending'`.execute(p.store.db);
const eventIds = async (customerId: string) => (await sql<{ id: string; type: string }>`
  SELECT id, type FROM events WHERE customer_id = ${customerId} ORDER BY position`.execute(p.store.db)).rows;

describe('webhook delivery', () => {
  it('delivers every event type, each signed so that standardwebhooks verifies it, webhook-id = eventId', async () => {
    const r = await receiver();
    const c = await p.customer();
    const { endpointId, secret } = await registerEndpoint(p, c, { url: r.url });
    await deposit(c, '1000');                                             // account.credited
    const { cardId } = await applyCard(p, c, '100');                      // card.created, order.completed
    const auth = await approved(p, c, cardId, '3');                       // transaction.created
    await simulateOk(p, c, 'clear', { transactionId: auth });             // transaction.updated (+ the clearing's created)
    await postOk(p, c, 'block', { cardId });                              // card.updated
    channel.down = true;
    try { await postOk(p, c, 'unblock', { cardId }, 'Failure'); } finally { channel.down = false; } // order.failed
    const test = await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/test`, { token: c.token });  // webhook.test
    expect(test.statusCode, test.body).toBe(200);

    const events = await eventIds(c.customerId);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
    await deliverAll(deliverer(p), p.store, c.customerId, 20_000);

    expect(r.requests).toHaveLength(events.length);
    const verifier = new Webhook(secret);
    for (const request of r.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      const payload = verifier.verify(request.body, request.headers) as { eventId: string; type: string; data: unknown; sequence: number };
      expect(request.headers['webhook-id']).toBe(payload.eventId);
      expect(Number(request.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
      expect(request.headers['webhook-signature']!.split(' ')).toHaveLength(1);
      expect(payload.data).toBeTypeOf('object');
    }
    const byId = new Map(r.requests.map((q) => [q.headers['webhook-id'], JSON.parse(q.body) as { type: string }]));
    for (const e of events) expect(byId.get(e.id)?.type, e.id).toBe(e.type);
    // The order event's data is the order as the order query renders it.
    const completed = r.requests.map((q) => JSON.parse(q.body)).find((b) => b.type === 'order.completed');
    const query = await p.api('GET', `/v1/orders/standard?OrderNo=${completed.data.orderNo}`, { token: c.token });
    expect(completed.data).toEqual(query.json.data);
    // A wrong secret or a changed body does not verify.
    const one = r.requests[0]!;
    expect(() => new Webhook(newWebhookSecret()).verify(one.body, one.headers)).toThrow();
    expect(() => verifier.verify(one.body.replace('"', ' "'), one.headers)).toThrow();
    const { rows } = await sql<{ status: string; attempts: number; n: number }>`
      SELECT d.status, d.attempts, (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery_id = d.id) AS n
      FROM webhook_deliveries d WHERE d.customer_id = ${c.customerId}`.execute(p.store.db);
    expect(rows.every((d) => d.status === 'Delivered' && d.attempts === 1 && d.n === 1)).toBe(true);
    await p.expectLedgerClean();
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const r = await receiver();
    const c = await p.customer();
    const { endpointId, secret: oldSecret } = await registerEndpoint(p, c, { url: r.url });
    const rotated = await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/rotateSecret`, { token: c.token });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const newSecret = rotated.json.data.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    const delivered = async () => Number(/^cardepass_webhook_attempts_total\{outcome="delivered"\} (\d+)$/m
      .exec((await p.app.inject({ method: 'GET', url: '/metrics' })).body)?.[1] ?? 0);
    const before = await delivered();
    await deposit(c);
    await deliverAll(deliverer(p), p.store, c.customerId, 10_000);
    expect(await delivered()).toBe(before + 1);
    const during = r.requests[0]!;
    expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(during.body, during.headers)).toMatchObject({ type: 'account.credited' });
    expect(new Webhook(newSecret).verify(during.body, during.headers)).toMatchObject({ type: 'account.credited' });
    expect(() => new Webhook(newWebhookSecret()).verify(during.body, during.headers)).toThrow();

    // 24 hours later (moved back in the database rather than waited for):
    await sql`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = ${endpointId}`.execute(p.store.db);
    await deposit(c);
    await deliverAll(deliverer(p), p.store, c.customerId, 10_000);
    const after = r.requests[1]!;
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(new Webhook(newSecret).verify(after.body, after.headers)).toMatchObject({ type: 'account.credited' });
    expect(() => new Webhook(oldSecret).verify(after.body, after.headers)).toThrow();
  });

  it('sandbox faults: duplicateRate 1 delivers each event twice with one webhook-id; reorderWindowS spreads first attempts', async () => {
    const r = await receiver();
    const c = await p.customer();
    await registerEndpoint(p, c, { url: r.url, deliveryFaults: { duplicateRate: 1 } });
    for (let i = 0; i < 5; i++) await deposit(c);
    await deliverAll(deliverer(p), p.store, c.customerId, 10_000);
    const ids = r.requests.map((q) => q.headers['webhook-id']!);
    expect(ids).toHaveLength(10);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2, 2, 2]);

    const r2 = await receiver();
    const c2 = await p.customer();
    const WINDOW_S = 3;
    await registerEndpoint(p, c2, { url: r2.url, deliveryFaults: { reorderWindowS: WINDOW_S } });
    for (let i = 0; i < 12; i++) await deposit(c2);
    const { rows: delays } = await sql<{ delay_s: number }>`
      SELECT EXTRACT(EPOCH FROM d.next_attempt_at - e.created_at)::float8 AS delay_s
      FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE d.customer_id = ${c2.customerId}`.execute(p.store.db);
    expect(delays).toHaveLength(12);
    for (const { delay_s } of delays) { expect(delay_s).toBeGreaterThanOrEqual(0); expect(delay_s).toBeLessThanOrEqual(WINDOW_S + 0.001); }
    expect(new Set(delays.map((d) => Math.round(d.delay_s))).size).toBeGreaterThan(1);
    await deliverAll(deliverer(p), p.store, c2.customerId, 15_000);
    expect(new Set(r2.requests.map((q) => q.headers['webhook-id'])).size).toBe(12);
    const sequences = r2.requests.map((q) => JSON.parse(q.body).sequence as number);
    console.log(`reorderWindowS ${WINDOW_S}: sequences in arrival order ${sequences.join(',')}`);
  });

  it('a receiver that hangs holds at most 4 slots; other endpoints are served meanwhile; 16 in flight at most', async () => {
    const slow = await receiver(() => 'hang');
    const fast = await receiver();
    const c = await p.customer();
    await registerEndpoint(p, c, { url: slow.url });
    await registerEndpoint(p, c, { url: fast.url });
    for (let i = 0; i < 8; i++) await deposit(c);
    const d = deliverer(p, { webhookTimeoutMs: 2000, workerPollMs: 20 });
    const started = Date.now();
    d.start();
    try {
      await fast.waitFor(8, 5000);
      const fast_ms = Date.now() - started;
      expect(fast_ms).toBeLessThan(2000);               // all of them before the first hung send even timed out
      expect(slow.requests.length).toBe(MAX_PER_ENDPOINT);
      expect(slow.maxOpen).toBe(MAX_PER_ENDPOINT);
    } finally {
      await d.stop();
    }
    await abandonPending();

    // Five endpoints on a hanging receiver, 5 due each: 20 wanted, 16 in flight at most.
    const hang = await receiver(() => 'hang');
    const c2 = await p.customer();
    for (let i = 0; i < 5; i++) await registerEndpoint(p, c2, { url: `${hang.url}/${i}` });
    for (let i = 0; i < 5; i++) await deposit(c2);
    const d2 = deliverer(p, { webhookTimeoutMs: 10_000, workerPollMs: 20 });
    d2.start();
    try {
      await hang.waitFor(MAX_IN_FLIGHT, 2500);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hang.requests).toHaveLength(MAX_IN_FLIGHT);
      expect(hang.maxOpen).toBe(MAX_IN_FLIGHT);
      expect(d2.sending).toBe(MAX_IN_FLIGHT);
      // Every slot busy, the loop has waited for one about every 20 ms: no wait stays attached to the pause signal.
      const attached = attachedTo(pauseSignalOf(d2));
      expect(attached.listeners).toBeLessThanOrEqual(1);
      expect(attached.dependants).toBe(0);
    } finally {
      await d2.stop();
    }
    // stop() returned: nothing is left in flight, the cut sends' deliveries were released (not counted as attempts).
    expect(d2.sending).toBe(0);
    const { rows } = await sql<{ attempts: number; locked: boolean }>`SELECT attempts, locked_until IS NOT NULL AS locked
      FROM webhook_deliveries WHERE customer_id = ${c2.customerId} AND status = 'Pending'`.execute(p.store.db);
    expect(rows).toHaveLength(25);
    expect(rows.every((d) => d.attempts === 0 && !d.locked)).toBe(true);
    await abandonPending();
  });

  it('deliveries to a disabled endpoint are marked Failed without being sent', async () => {
    const r = await receiver();
    const c = await p.customer();
    const { endpointId } = await registerEndpoint(p, c, { url: r.url });
    await deposit(c);
    await deposit(c);
    const disabled = await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/update`, { token: c.token, body: { status: 'Disabled' } });
    expect(disabled.statusCode, disabled.body).toBe(200);
    await deliverAll(deliverer(p), p.store, c.customerId, 10_000);
    expect(r.requests).toHaveLength(0);
    const { rows } = await sql<{ status: string; error: string }>`SELECT d.status, a.error FROM webhook_deliveries d
      JOIN webhook_attempts a ON a.delivery_id = d.id WHERE d.customer_id = ${c.customerId}`.execute(p.store.db);
    expect(rows).toEqual([{ status: 'Failed', error: 'endpoint disabled' }, { status: 'Failed', error: 'endpoint disabled' }]);
  });

  it('an event of another customer never reaches this customer\'s endpoint; unsubscribed types are not sent', async () => {
    const r = await receiver();
    const c = await p.customer();
    const other = await p.customer();
    await registerEndpoint(p, c, { url: r.url, eventTypes: ['card.created'] });
    await deposit(c);
    await deposit(other);
    await deliverAll(deliverer(p), p.store, c.customerId, 10_000);
    expect(r.requests).toHaveLength(0);
  });
});
