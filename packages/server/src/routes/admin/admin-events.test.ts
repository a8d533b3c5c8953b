import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { applyCard, expectError, postOk } from '../../../test/standard-kit.ts';
import { allEvents } from '../../../test/events-kit.ts';
import { deliverAll, deliverer, registerEndpoint, startReceiver, type Receiver } from '../../../test/webhook-receiver.ts';
import { createUser } from '../../../test/people-kit.ts';

describe('GET /admin/v1/events', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let receiver: Receiver;
  let cardId: string;
  let endpointId: string;
  const list = (query: Record<string, string>) => p.admin('GET', `/events?${new URLSearchParams(query)}`);

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '300' });
    receiver = await startReceiver((n) => ({ status: n === 0 ? 500 : 200 }));
    endpointId = (await registerEndpoint(p, c, { url: receiver.url, eventTypes: ['order.completed'] })).endpointId;
    cardId = (await applyCard(p, c, '30')).cardId;
    await postOk(p, c, 'block', { cardId });
    await deliverAll(deliverer(p, { webhookRetryScheduleS: [0] }), p.store, c.customerId, 20_000);
  });
  afterAll(async () => {
    await receiver?.close();
    await p?.close();
  });

  it("shows the customer's events as the customer sees them, newest first, each with its deliveries and attempts", async () => {
    const response = await list({ customerId: c.customerId });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json.data;
    const own = await allEvents(p, c);
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: own.length });
    expect(page.data.map((x: any) => x.event)).toEqual(own);
    for (const { event, deliveries } of page.data) {
      const ownDeliveries = await p.api('GET', `/v1/events/${event.eventId}/deliveries`, { token: c.token });
      expect(deliveries).toEqual(ownDeliveries.json.data);
      expect(deliveries).toHaveLength(event.type === 'order.completed' ? 1 : 0);
    }
    const attempts = page.data.flatMap((x: any) => x.deliveries.flatMap((d: any) => d.attempts.map((a: any) => a.httpStatus)));
    expect(attempts.sort()).toEqual([200, 200, 500]);
    expect(page.data.flatMap((x: any) => x.deliveries.map((d: any) => d.endpointId))).toEqual([endpointId, endpointId]);
  });

  it('filters by type, card and date, and pages, like GET /v1/events', async () => {
    const completed = await list({ customerId: c.customerId, EventType: 'order.completed' });
    expect(completed.json.data.data.map((x: any) => x.event.data.orderType)).toEqual(['CardBlock', 'ApplyCard']);
    const ofCard = await list({ customerId: c.customerId, CardId: cardId, PageSize: '2', PageNumber: '2' });
    expect(ofCard.json.data).toMatchObject({ totalRecords: 4, totalPages: 2 });
    expect(ofCard.json.data.data.map((x: any) => x.event.sequence)).toEqual([2, 1]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await list({ customerId: c.customerId, DateFrom: tomorrow })).json.data.totalRecords).toBe(0);
  });

  it('refuses bad filters naming the field, unknown customers and cards, and callers without the admin key', async () => {
    expectError(await p.admin('GET', '/events'), 400, 'VALIDATION_FAILED', 'customerId');
    expectError(await list({ customerId: c.customerId, EventType: 'card.deleted' }), 400, 'VALIDATION_FAILED', 'EventType');
    expectError(await list({ customerId: c.customerId, DateFrom: '2025-01-01', DateTo: '2025-06-01' }), 400, 'DATE_RANGE_TOO_LONG');
    expectError(await list({ customerId: 'CUSNOSUCHCUSTOMER' }), 404, 'CUSTOMER_NOT_FOUND');
    const other = await p.customer();
    // A card is looked up within the customer named: another customer's card is unknown there.
    expectError(await list({ customerId: other.customerId, CardId: cardId }), 404, 'CARD_NOT_FOUND');
    expect((await list({ customerId: other.customerId })).json.data.data.map((x: any) => x.event.type)).toEqual([]);
    const noKey = await p.app.inject({ method: 'GET', url: `/admin/v1/events?customerId=${c.customerId}` });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json().errorCode).toBe('ADMIN_UNAUTHORIZED');
  });

  it("narrows a customer user to its own customer's events, named or not; another customer or its card is not found", async () => {
    const user = await createUser(p, 'customer_viewer', { customerId: c.customerId });
    const asOperator = (await list({ customerId: c.customerId })).json.data;
    const unnamed = await user.call('GET', '/events');
    expect(unnamed.statusCode, unnamed.body).toBe(200);
    expect(unnamed.json.data).toEqual(asOperator);
    expect((await user.call('GET', `/events?customerId=${c.customerId}&CardId=${cardId}`)).json.data.totalRecords).toBe(4);
    const other = await p.customer({ USD: '50' });
    const otherCard = (await applyCard(p, other, '10')).cardId;
    expectError(await user.call('GET', `/events?customerId=${other.customerId}`), 404, 'CUSTOMER_NOT_FOUND');
    expectError(await user.call('GET', `/events?CardId=${otherCard}`), 404, 'CARD_NOT_FOUND');
    const viewer = await createUser(p, 'viewer');
    expect((await viewer.call('GET', `/events?customerId=${other.customerId}`)).json.data.totalRecords).toBeGreaterThan(0);
    expectError(await viewer.call('GET', '/events'), 400, 'VALIDATION_FAILED', 'customerId');
  });
});
