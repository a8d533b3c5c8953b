// Failed deliveries: retried on the configured schedule with the same
// webhook-id, Retry-After honoured when it asks for more, 3xx and timeouts
// are failures, 410 disables the endpoint, exhaustion gives up, and an
// endpoint failing for 5 days is disabled. A real receiver on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { attemptsOf, deliverAll, deliverer, printFigures, registerEndpoint, startReceiver, type Receiver, type Reply } from '../../../test/webhook-receiver.ts';
import { FAILING_REASON, GONE_REASON } from './delivery-outcome.ts';

// Short enough for a test, long enough to tell apart from "at once".
const SCHEDULE_S = [1, 1, 1];
const TIMEOUT_MS = 300;
let p: TestPlatform;
const receivers: Receiver[] = [];

beforeAll(async () => { p = await createTestPlatform({ config: { webhookRetryScheduleS: SCHEDULE_S, webhookTimeoutMs: TIMEOUT_MS } }); });
afterAll(async () => {
  if (p) await printFigures('delivery-retries.test', p.store);
  await Promise.all(receivers.map((r) => r.close()));
  await p?.close();
});

/** A customer with an endpoint at a receiver scripted by `reply`, and one event (a deposit) queued to it. */
async function oneEvent(reply: (n: number) => Reply): Promise<{ c: TestCustomer; r: Receiver; endpointId: string; eventId: string }> {
  const r = await startReceiver(reply);
  receivers.push(r);
  const c = await p.customer();
  const { endpointId } = await registerEndpoint(p, c, { url: r.url });
  const response = await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '10', reference: `dep-${randomBytes(6).toString('hex')}` });
  expect(response.statusCode, response.body).toBe(200);
  const { rows } = await sql<{ id: string }>`SELECT id FROM events WHERE customer_id = ${c.customerId}`.execute(p.store.db);
  return { c, r, endpointId, eventId: rows[0]!.id };
}

const delivery = async (eventId: string) => (await sql<{ status: string; attempts: number; next_attempt_at: Date | null; finished_at: Date | null }>`
  SELECT status, attempts, next_attempt_at, finished_at FROM webhook_deliveries WHERE event_id = ${eventId}`.execute(p.store.db)).rows[0]!;
const endpoint = async (endpointId: string) => (await sql<{ status: string; disabled_reason: string | null; failing_since: Date | null }>`
  SELECT status, disabled_reason, failing_since FROM webhook_endpoints WHERE id = ${endpointId}`.execute(p.store.db)).rows[0]!;

describe('webhook retries', () => {
  it('500, then a hang past the timeout, then 200: same webhook-id, every attempt recorded, gaps on the schedule within jitter', async () => {
    const { c, r, eventId, endpointId } = await oneEvent((n) => (n === 0 ? { status: 500 } : n === 1 ? 'hang' : { status: 200 }));
    await deliverAll(deliverer(p, { workerPollMs: 20 }), p.store, c.customerId, 15_000);

    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set([eventId]));
    const attempts = await attemptsOf(p.store, eventId);
    expect(attempts.map((a) => [a.http_status, a.error?.split(':')[0] ?? null])).toEqual([[500, null], [null, 'timeout'], [200, null]]);
    expect(attempts[1]!.duration_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(attempts[1]!.duration_ms).toBeLessThan(TIMEOUT_MS + 500);
    for (const i of [0, 1]) {
      const a = attempts[i]!;
      // Scheduled 1 s ± 10 % after the failure was recorded (which is after the attempt's end).
      const gap_ms = a.next_attempt_at!.getTime() - (a.attempted_at.getTime() + a.duration_ms);
      expect(gap_ms).toBeGreaterThanOrEqual(SCHEDULE_S[i]! * 900 - 50);
      expect(gap_ms).toBeLessThanOrEqual(SCHEDULE_S[i]! * 1100 + 250);
      // The receiver saw the next attempt no earlier than scheduled (and not long after).
      expect(r.requests[i + 1]!.at_ms).toBeGreaterThanOrEqual(a.next_attempt_at!.getTime() - 20);
      expect(r.requests[i + 1]!.at_ms - a.next_attempt_at!.getTime()).toBeLessThan(1000);
    }
    expect(attempts[2]!.next_attempt_at).toBeNull();
    expect(await delivery(eventId)).toMatchObject({ status: 'Delivered', attempts: 3, next_attempt_at: null });
    // The failures started the endpoint's failing clock; the success stopped it.
    expect((await endpoint(endpointId)).failing_since).toBeNull();
  });

  it('gives up after the last scheduled retry: Failed, one attempt more than the schedule has entries', async () => {
    const { c, r, eventId, endpointId } = await oneEvent(() => ({ status: 503 }));
    await deliverAll(deliverer(p, { workerPollMs: 20 }), p.store, c.customerId, 15_000);
    expect(r.requests).toHaveLength(SCHEDULE_S.length + 1);
    const d = await delivery(eventId);
    expect(d).toMatchObject({ status: 'Failed', attempts: SCHEDULE_S.length + 1, next_attempt_at: null });
    expect(d.finished_at).toBeInstanceOf(Date);
    const attempts = await attemptsOf(p.store, eventId);
    expect(attempts.map((a) => a.http_status)).toEqual([503, 503, 503, 503]);
    expect(attempts.map((a) => a.next_attempt_at === null)).toEqual([false, false, false, true]);
    const e = await endpoint(endpointId);
    expect(e.status).toBe('Enabled');
    expect(e.failing_since).toBeInstanceOf(Date);
  });

  it('410 Gone fails the delivery and disables the endpoint at once, with the reason; later events are not queued to it', async () => {
    const { c, r, eventId, endpointId } = await oneEvent(() => ({ status: 410 }));
    await deliverAll(deliverer(p), p.store, c.customerId, 10_000);
    expect(r.requests).toHaveLength(1);
    expect(await delivery(eventId)).toMatchObject({ status: 'Failed', attempts: 1 });
    expect(await endpoint(endpointId)).toMatchObject({ status: 'Disabled', disabled_reason: GONE_REASON });
    await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '1', reference: `dep-${randomBytes(6).toString('hex')}` });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = ${endpointId}`.execute(p.store.db);
    expect(rows[0]!.n).toBe(1);
  });

  it('429 with a Retry-After longer than the schedule is honoured; a shorter one, or one on a 500, is not', async () => {
    const cases: Array<[Reply, number, number]> = [
      [{ status: 429, headers: { 'retry-after': '30' } }, 29_000, 31_000],
      [{ status: 503, headers: { 'retry-after': new Date(Date.now() + 120_000).toUTCString() } }, 115_000, 121_000],
      [{ status: 429, headers: { 'retry-after': '0' } }, 900, 1200],
      [{ status: 500, headers: { 'retry-after': '30' } }, 900, 1200],
      [{ status: 429, headers: { 'retry-after': String(7 * 24 * 3600) } }, 24 * 3600_000 - 1000, 24 * 3600_000 + 1000],
    ];
    for (const [reply, min_ms, max_ms] of cases) {
      const { eventId } = await oneEvent(() => reply);
      await deliverer(p).runDue();
      const [attempt] = await attemptsOf(p.store, eventId);
      const wait_ms = attempt!.next_attempt_at!.getTime() - attempt!.attempted_at.getTime();
      expect(wait_ms, JSON.stringify(reply)).toBeGreaterThanOrEqual(min_ms);
      // The wait counts from the answer, the attempt's time from the request: a slow machine adds the
      // request's duration and the time to the recording transaction.
      expect(wait_ms, JSON.stringify(reply)).toBeLessThanOrEqual(max_ms + Number(attempt!.duration_ms) + 500);
      expect((await delivery(eventId)).status).toBe('Pending');
    }
  });

  it('a redirect is a failure and is not followed', async () => {
    const target = await startReceiver();
    receivers.push(target);
    const { eventId } = await oneEvent(() => ({ status: 302, headers: { location: target.url } }));
    await deliverer(p).runDue();
    const [attempt] = await attemptsOf(p.store, eventId);
    expect(attempt).toMatchObject({ http_status: 302, error: null });
    expect(attempt!.next_attempt_at).toBeInstanceOf(Date);
    expect(target.connections).toBe(0);
  });

  it('an endpoint whose deliveries all failed for 5 days is disabled on the next failure; 4 days is not enough', async () => {
    const four = await oneEvent(() => ({ status: 500 }));
    await sql`UPDATE webhook_endpoints SET failing_since = now() - interval '4 days' WHERE id = ${four.endpointId}`.execute(p.store.db);
    const five = await oneEvent(() => ({ status: 500 }));
    await sql`UPDATE webhook_endpoints SET failing_since = now() - interval '5 days 1 minute' WHERE id = ${five.endpointId}`.execute(p.store.db);
    await deliverer(p).runDue();
    expect(await endpoint(four.endpointId)).toMatchObject({ status: 'Enabled', disabled_reason: null });
    expect(await endpoint(five.endpointId)).toMatchObject({ status: 'Disabled', disabled_reason: FAILING_REASON });
    // The delivery itself keeps its retry; when it comes due the disabled endpoint makes it Failed, unsent.
    await sql`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE event_id = ${five.eventId}`.execute(p.store.db);
    await deliverer(p).runDue();
    expect(five.r.requests).toHaveLength(1);
    expect((await delivery(five.eventId)).status).toBe('Failed');
    expect((await attemptsOf(p.store, five.eventId)).map((a) => a.error)).toEqual([null, 'endpoint disabled']);
  });
});
