import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, postOk } from '../../../../../test/standard-kit.ts';
import { allEvents } from '../../../../../test/events-kit.ts';
import { deliverAll, deliverer, registerEndpoint, startReceiver, type Receiver } from '../../../../../test/webhook-receiver.ts';

describe('POST /v1/webhooks/endpoints/{endpointId}/recover', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let receiver: Receiver;
  let down = true;
  let endpointId: string;
  let otherEndpointId: string;
  let cardId: string;
  let between: string;
  const recover = (body: unknown, id = endpointId, token: string | null = c.token) =>
    p.api('POST', `/v1/webhooks/endpoints/${id}/recover`, { token, body });
  const statusesTo = async (id: string) => {
    const out: Record<string, string[]> = {};
    for (const event of await allEvents(p, c)) {
      const list = (await p.api('GET', `/v1/events/${event.eventId}/deliveries`, { token: c.token })).json.data as any[];
      for (const d of list.filter((x) => x.endpointId === id)) (out[d.status] ??= []).push(event.eventId);
    }
    return out;
  };
  // No retries: the first failure is final, as after three days of them.
  const deliverOnce = () => deliverAll(deliverer(p, { webhookRetryScheduleS: [] }), p.store, c.customerId, 20_000);

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '500' });
    // An outage: 503 while down, 200 after.
    receiver = await startReceiver(() => ({ status: down ? 503 : 200 }));
    endpointId = (await registerEndpoint(p, c, { url: receiver.url, eventTypes: ['order.completed'] })).endpointId;
    otherEndpointId = (await registerEndpoint(p, c, { url: receiver.url, eventTypes: ['order.completed'] })).endpointId;
    cardId = (await applyCard(p, c, '50')).cardId;
    await deliverOnce();
    // The database's clock stamps deliveries; a pause on either side of `between` keeps it clear of both batches.
    await sleep(50);
    between = new Date().toISOString();
    await sleep(50);
    await postOk(p, c, 'topup', { cardId, topUpAmount: '5' });
    await postOk(p, c, 'topup', { cardId, topUpAmount: '6' });
    await deliverOnce();
    down = false;
  });
  afterAll(async () => {
    await receiver?.close();
    await p?.close();
  });

  it('re-queues only the failed deliveries to that endpoint since the time given, and they are delivered', async () => {
    expect((await statusesTo(endpointId)).Failed).toHaveLength(3);
    const response = await recover({ since: between });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, data: { queued: 2 } });
    expect((await statusesTo(endpointId)).Pending).toHaveLength(2);
    // The other endpoint's failures stay as they were.
    expect(await statusesTo(otherEndpointId)).toEqual({ Failed: expect.any(Array) });
    await deliverOnce();
    const after = await statusesTo(endpointId);
    expect(after.Delivered).toHaveLength(2);
    expect(after.Failed).toHaveLength(1);
    // The history stays: the recovered delivery shows its failed attempt and the one that succeeded.
    const [latest] = await allEvents(p, c, { EventType: 'order.completed' });
    const [delivery] = ((await p.api('GET', `/v1/events/${latest.eventId}/deliveries`, { token: c.token })).json.data as any[])
      .filter((d) => d.endpointId === endpointId);
    expect(delivery).toMatchObject({ status: 'Delivered', attemptCount: 2, nextAttemptOn: null });
    expect(delivery.attempts.map((a: any) => a.httpStatus)).toEqual([503, 200]);
    // Nothing Failed since then: nothing more to queue. A whole day (a date) covers the first failure too.
    expect((await recover({ since: between })).json.data).toEqual({ queued: 0 });
    expect((await recover({ since: new Date().toISOString().slice(0, 10) })).json.data).toEqual({ queued: 1 });
  });

  it('refuses a since in the future, beyond retention, or not a date, naming the field', async () => {
    const days = p.config.eventRetentionDays;
    expectError(await recover({ since: new Date(Date.now() + 60_000).toISOString() }), 400, 'VALIDATION_FAILED', 'since');
    expectError(await recover({ since: new Date(Date.now() - (days + 1) * 86_400_000).toISOString() }), 400, 'VALIDATION_FAILED', 'since');
    expect((await recover({ since: new Date(Date.now() - (days - 1) * 86_400_000).toISOString() })).statusCode).toBe(200);
    expectError(await recover({ since: '2025-13-01' }), 400, 'VALIDATION_FAILED', 'since');
    expectError(await recover({ since: 'last tuesday' }), 400, 'VALIDATION_FAILED', 'since');
    expectError(await recover({ since: '1999-01-01' }), 400, 'INVALID_DATE', 'since');
    expectError(await recover({}), 400, 'VALIDATION_FAILED', 'since');
    expectError(await recover({ since: between, extra: 1 }), 400, 'VALIDATION_FAILED', 'extra');
  });

  it("refuses a deleted, unknown or another customer's endpoint with a 404, and needs a token", async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const stranger = await p.customer();
    expectError(await recover({ since }, endpointId, stranger.token), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND', endpointId);
    expectError(await recover({ since }, 'we_nosuchendpoint'), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    expect((await p.api('POST', `/v1/webhooks/endpoints/${otherEndpointId}/delete`, { token: c.token })).statusCode).toBe(200);
    expectError(await recover({ since }, otherEndpointId), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    expectError(await recover({ since }, endpointId, null), 401, 'UNAUTHORIZED');
  });
});
