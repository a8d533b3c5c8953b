import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

interface DeliveryRow { endpoint_id: string; customer_id: string; status: string; attempts: number; next_attempt_at: Date | null }

describe('POST /openapi/v1/webhooks/endpoints/{endpointId}/test', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  const sendTest = (token: string | null, endpointId: string) => p.api('POST', `/v1/webhooks/endpoints/${endpointId}/test`, { token });
  const create = async (customer: TestCustomer, body: Record<string, unknown> = {}) =>
    (await p.api('POST', '/v1/webhooks/endpoints', { token: customer.token, body: { url: 'http://localhost/t', ...body } })).json.data;
  const deliveriesOf = async (eventId: string) => (await sql<DeliveryRow>`
    SELECT endpoint_id, customer_id, status, attempts, next_attempt_at FROM webhook_deliveries WHERE event_id = ${eventId}`.execute(p.store.db)).rows;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('queues a webhook.test event to this endpoint only, even one not subscribed to it, and answers the event', async () => {
    const target = await create(c, { eventTypes: ['card.created'] });
    const bystander = await create(c);
    const before = Date.now();
    const response = await sendTest(c.token, target.endpointId);
    expect(response.statusCode, response.body).toBe(200);
    const event = response.json.data;
    expect(Object.keys(event).sort()).toEqual(['cardId', 'data', 'eventId', 'sequence', 'timestamp', 'type']);
    expect(event).toMatchObject({ type: 'webhook.test', cardId: null, data: { endpointId: target.endpointId, message: 'Test event from Cardepass' } });
    expect(event.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(new Date(event.timestamp).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const rows = await deliveriesOf(event.eventId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endpoint_id: target.endpointId, customer_id: c.customerId });
    // Pending until the worker sends it (or already sent, if a worker was quick).
    expect(['Pending', 'Delivered', 'Failed']).toContain(rows[0]!.status);
    expect((await deliveriesOf(event.eventId)).map((r) => r.endpoint_id)).not.toContain(bystander.endpointId);
  });

  it('numbers test events in the customer\'s stream: each one the next sequence', async () => {
    const d = await p.customer();
    const endpoint = await create(d);
    const first = (await sendTest(d.token, endpoint.endpointId)).json.data;
    const second = (await sendTest(d.token, endpoint.endpointId)).json.data;
    expect(second.sequence).toBe(first.sequence + 1);
    expect(second.eventId).not.toBe(first.eventId);
    const { rows } = await sql<{ customer_id: string; type: string }>`SELECT customer_id, type FROM events WHERE id = ${second.eventId}`.execute(p.store.db);
    expect(rows).toEqual([{ customer_id: d.customerId, type: 'webhook.test' }]);
  });

  it('answers 404 for unknown and deleted endpoints, and records no event', async () => {
    const d = await p.customer();
    expect((await sendTest(d.token, 'we_nosuchendpoint0000000000')).json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const deleted = await create(d);
    await p.api('POST', `/v1/webhooks/endpoints/${deleted.endpointId}/delete`, { token: d.token });
    const response = await sendTest(d.token, deleted.endpointId);
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE customer_id = ${d.customerId}`.execute(p.store.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('answers 404 for another customer\'s endpoint, and queues nothing to it', async () => {
    const mine = await create(c);
    const other = await p.customer();
    const response = await sendTest(other.token, mine.endpointId);
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = ${mine.endpointId}`.execute(p.store.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('needs a token', async () => {
    const mine = await create(c);
    const response = await sendTest(null, mine.endpointId);
    expect(response.statusCode).toBe(401);
    expect(response.json.errorCode).toBe('UNAUTHORIZED');
  });
});
