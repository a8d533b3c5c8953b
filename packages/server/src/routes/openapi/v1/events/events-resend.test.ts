import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError } from '../../../../../test/standard-kit.ts';
import { allEvents } from '../../../../../test/events-kit.ts';
import { deliverAll, deliverer, registerEndpoint, startReceiver, type Receiver } from '../../../../../test/webhook-receiver.ts';

describe('POST /v1/events/{eventId}/resend', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let receiver: Receiver;
  let ids: { all: string; orders: string; cardsOnly: string; disabled: string; deleted: string };
  let orderEvent: any;
  const resend = (eventId: string, body: unknown = {}, token: string | null = c.token) =>
    p.api('POST', `/v1/events/${eventId}/resend`, { token, body });
  const deliveriesOf = async (eventId: string) => (await p.api('GET', `/v1/events/${eventId}/deliveries`, { token: c.token })).json.data as any[];

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '500' });
    receiver = await startReceiver();
    const endpoint = async (body: Record<string, unknown>) => (await registerEndpoint(p, c, { url: receiver.url, ...body })).endpointId;
    ids = {
      all: await endpoint({}),
      orders: await endpoint({ eventTypes: ['order.completed', 'order.failed'] }),
      cardsOnly: await endpoint({ eventTypes: ['card.created'] }),
      disabled: await endpoint({}),
      deleted: await endpoint({}),
    };
    await applyCard(p, c, '50');
    expect((await p.api('POST', `/v1/webhooks/endpoints/${ids.disabled}/update`, { token: c.token, body: { status: 'Disabled' } })).statusCode).toBe(200);
    expect((await p.api('POST', `/v1/webhooks/endpoints/${ids.deleted}/delete`, { token: c.token })).statusCode).toBe(200);
    orderEvent = (await allEvents(p, c, { EventType: 'order.completed' }))[0];
  });
  afterAll(async () => {
    await receiver?.close();
    await p?.close();
  });

  it('queues the event again to every enabled endpoint subscribed to its type, due now', async () => {
    const before = await deliveriesOf(orderEvent.eventId);
    const asked = Date.now();
    const response = await resend(orderEvent.eventId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, data: { queued: 2 } });
    const after = await deliveriesOf(orderEvent.eventId);
    const added = after.filter((d) => !before.some((b) => b.deliveryId === d.deliveryId));
    expect(added.map((d) => d.endpointId).sort()).toEqual([ids.all, ids.orders].sort());
    for (const d of added) {
      expect(d).toMatchObject({ status: 'Pending', attemptCount: 0, attempts: [] });
      expect(Math.abs(Date.parse(d.nextAttemptOn) - asked)).toBeLessThan(5_000);
    }
  });

  it('queues it to one named endpoint, whatever types that endpoint subscribes to, and it is delivered with the same webhook-id', async () => {
    const response = await resend(orderEvent.eventId, { endpointId: ids.cardsOnly });
    expect(response.json.data).toEqual({ queued: 1 });
    // A disabled endpoint may be named; its delivery fails until it is enabled again.
    expect((await resend(orderEvent.eventId, { endpointId: ids.disabled })).json.data).toEqual({ queued: 1 });
    await deliverAll(deliverer(p), p.store, c.customerId, 20_000);
    const received = receiver.requests.filter((r) => r.headers['webhook-id'] === orderEvent.eventId);
    // Its first fan-out (all, orders), the resend to both, the resend to cardsOnly.
    expect(received).toHaveLength(5);
    for (const request of received) expect(JSON.parse(request.body)).toEqual(orderEvent);
    const last = await deliveriesOf(orderEvent.eventId);
    expect(last.find((d) => d.endpointId === ids.cardsOnly)).toMatchObject({ status: 'Delivered', attemptCount: 1 });
    expect(last.find((d) => d.endpointId === ids.disabled)).toMatchObject({ status: 'Failed' });
  });

  it('sends a webhook.test event again only to the endpoint it tested', async () => {
    const tested = await p.api('POST', `/v1/webhooks/endpoints/${ids.orders}/test`, { token: c.token });
    expect(tested.statusCode, tested.body).toBe(200);
    const eventId = tested.json.data.eventId;
    expect((await resend(eventId)).json.data).toEqual({ queued: 1 });
    expect((await deliveriesOf(eventId)).map((d) => d.endpointId)).toEqual([ids.orders, ids.orders]);
  });

  it('refuses a deleted, unknown or foreign endpoint and a foreign event with a 404, changing nothing', async () => {
    const count = (await deliveriesOf(orderEvent.eventId)).length;
    expectError(await resend(orderEvent.eventId, { endpointId: ids.deleted }), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND', ids.deleted);
    expectError(await resend(orderEvent.eventId, { endpointId: 'we_nosuchendpoint' }), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    const stranger = await p.customer({ USD: '50' });
    const strangersEndpoint = (await registerEndpoint(p, stranger, { url: receiver.url })).endpointId;
    expectError(await resend(orderEvent.eventId, { endpointId: strangersEndpoint }), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    expectError(await resend(orderEvent.eventId, {}, stranger.token), 404, 'EVENT_NOT_FOUND');
    expectError(await resend(orderEvent.eventId, { endpointId: strangersEndpoint }, stranger.token), 404, 'EVENT_NOT_FOUND');
    expect(await deliveriesOf(orderEvent.eventId)).toHaveLength(count);
    const strangersEvent = (await allEvents(p, stranger))[0];
    expectError(await resend(strangersEvent.eventId), 404, 'EVENT_NOT_FOUND');
  });

  it('validates the body and needs a token', async () => {
    expectError(await resend(orderEvent.eventId, { endpointId: '' }), 400, 'VALIDATION_FAILED', 'endpointId');
    expectError(await resend(orderEvent.eventId, { endpointId: 42 }), 400, 'VALIDATION_FAILED', 'endpointId');
    expectError(await resend(orderEvent.eventId, { endpoint: ids.all }), 400, 'VALIDATION_FAILED', 'endpoint');
    expectError(await resend(orderEvent.eventId, {}, null), 401, 'UNAUTHORIZED');
  });
});
