import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError } from '../../../../../test/standard-kit.ts';
import { allEvents } from '../../../../../test/events-kit.ts';
import { deliverAll, deliverer, registerEndpoint, startReceiver, type Receiver } from '../../../../../test/webhook-receiver.ts';

describe('GET /v1/events/{eventId}/deliveries', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let flaky: Receiver;
  let steady: Receiver;
  let endpoints: { all: string; cards: string; dead: string };
  let deadUrl: string;
  let events: any[];
  const deliveries = async (eventId: string) => {
    const response = await p.api('GET', `/v1/events/${eventId}/deliveries`, { token: c.token });
    expect(response.statusCode, response.body).toBe(200);
    return response.json.data as any[];
  };
  const ofType = (type: string) => events.find((e) => e.type === type)!;

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '500' });
    // The first attempt of every event fails with a 500, the second succeeds.
    const seen = new Set<string>();
    flaky = await startReceiver((_n, request) => {
      const first = !seen.has(request.headers['webhook-id']!);
      seen.add(request.headers['webhook-id']!);
      return { status: first ? 500 : 204 };
    });
    steady = await startReceiver();
    // A port that was just open and is closed now: every attempt is a refused connection.
    const gone = await startReceiver();
    deadUrl = gone.url;
    await gone.close();
    endpoints = {
      all: (await registerEndpoint(p, c, { url: flaky.url })).endpointId,
      cards: (await registerEndpoint(p, c, { url: steady.url, eventTypes: ['card.created'] })).endpointId,
      dead: (await registerEndpoint(p, c, { url: deadUrl, eventTypes: ['account.credited'] })).endpointId,
    };
    await applyCard(p, c, '50');
    const deposit = await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '7', reference: 'deliveries-test' });
    expect(deposit.statusCode, deposit.body).toBe(200);
    // One retry, due at once: every delivery ends Delivered or Failed.
    await deliverAll(deliverer(p, { webhookRetryScheduleS: [0] }), p.store, c.customerId, 20_000);
    events = await allEvents(p, c);
  });
  afterAll(async () => {
    await flaky?.close();
    await steady?.close();
    await p?.close();
  });

  it('shows each attempt: when, the HTTP status, how long, and when the next one is due', async () => {
    const [delivery, ...others] = await deliveries(ofType('order.completed').eventId);
    expect(others).toEqual([]);
    expect(delivery).toEqual({
      deliveryId: expect.stringMatching(/^\d+$/), eventId: ofType('order.completed').eventId, endpointId: endpoints.all, url: flaky.url,
      status: 'Delivered', attemptCount: 2, nextAttemptOn: null, createdOn: expect.any(String),
      attempts: [
        { attemptedOn: expect.any(String), httpStatus: 500, error: null, durationMs: expect.any(Number), nextAttemptOn: expect.any(String) },
        { attemptedOn: expect.any(String), httpStatus: 204, error: null, durationMs: expect.any(Number), nextAttemptOn: null },
      ],
    });
    const [first, second] = delivery.attempts;
    expect(Date.parse(first.attemptedOn)).toBeGreaterThanOrEqual(Date.parse(delivery.createdOn));
    expect(Date.parse(second.attemptedOn)).toBeGreaterThanOrEqual(Date.parse(first.nextAttemptOn) - 5);
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    // The receiver saw the same event twice under the same webhook-id.
    expect(flaky.requests.filter((r) => r.headers['webhook-id'] === delivery.eventId)).toHaveLength(2);
  });

  it('has one delivery per subscribed endpoint, and a network error instead of a status when no answer came', async () => {
    const created = await deliveries(ofType('card.created').eventId);
    expect(created.map((d) => d.endpointId).sort()).toEqual([endpoints.all, endpoints.cards].sort());
    expect(created.find((d) => d.endpointId === endpoints.cards)).toMatchObject({ status: 'Delivered', attemptCount: 1, attempts: [{ httpStatus: 200, error: null }] });
    const credited = events.find((e) => e.type === 'account.credited' && e.data.reference === 'deliveries-test');
    const toDead = (await deliveries(credited.eventId)).find((d) => d.endpointId === endpoints.dead);
    expect(toDead).toMatchObject({ status: 'Failed', attemptCount: 2, nextAttemptOn: null, url: deadUrl });
    for (const attempt of toDead.attempts) {
      expect(attempt.httpStatus).toBeNull();
      expect(attempt.error).toEqual(expect.any(String));
    }
    expect(toDead.attempts.map((a: any) => a.nextAttemptOn === null)).toEqual([false, true]);
    // The deposit made before any endpoint existed went nowhere.
    const opening = events.find((e) => e.type === 'account.credited' && e.data.reference !== 'deliveries-test');
    expect(await deliveries(opening.eventId)).toEqual([]);
  });

  it("shows the endpoint's URL as it is now", async () => {
    const moved = `${steady.url}?moved=1`;
    const update = await p.api('POST', `/v1/webhooks/endpoints/${endpoints.all}/update`, { token: c.token, body: { url: moved } });
    expect(update.statusCode, update.body).toBe(200);
    const [delivery] = await deliveries(ofType('order.completed').eventId);
    expect(delivery.url).toBe(moved);
  });

  it("answers another customer's event as one that does not exist, and needs a token", async () => {
    const stranger = await p.customer();
    const eventId = ofType('order.completed').eventId;
    expectError(await p.api('GET', `/v1/events/${eventId}/deliveries`, { token: stranger.token }), 404, 'EVENT_NOT_FOUND');
    expectError(await p.api('GET', '/v1/events/evt_nope/deliveries', { token: c.token }), 404, 'EVENT_NOT_FOUND');
    expectError(await p.api('GET', `/v1/events/${eventId}/deliveries`, { token: null }), 401, 'UNAUTHORIZED');
  });
});
