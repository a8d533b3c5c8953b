import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

interface DeliveryRow { id: string; status: string; next_attempt_at: Date | null; finished_at: Date | null }

describe('POST /openapi/v1/webhooks/endpoints/{endpointId}/delete', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  const remove = (token: string | null, endpointId: string) => p.api('POST', `/v1/webhooks/endpoints/${endpointId}/delete`, { token });
  const create = async (customer: TestCustomer) =>
    (await p.api('POST', '/v1/webhooks/endpoints', { token: customer.token, body: { url: 'http://localhost/d' } })).json.data;
  const deliveries = async (endpointId: string) => (await sql<DeliveryRow>`
    SELECT id::text AS id, status, next_attempt_at, finished_at FROM webhook_deliveries WHERE endpoint_id = ${endpointId} ORDER BY id`.execute(p.store.db)).rows;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('answers the endpoint with its last status; then it is 404 everywhere and gone from the list', async () => {
    const endpoint = await create(c);
    await p.api('POST', `/v1/webhooks/endpoints/${endpoint.endpointId}/update`, { token: c.token, body: { status: 'Disabled' } });
    const response = await remove(c.token, endpoint.endpointId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toMatchObject({ endpointId: endpoint.endpointId, url: 'http://localhost/d', status: 'Disabled' });
    expect(response.json.data).not.toHaveProperty('secret');
    for (const [method, path] of [['GET', ''], ['POST', '/update'], ['POST', '/delete'], ['POST', '/rotateSecret'], ['POST', '/test']] as const) {
      const again = await p.api(method, `/v1/webhooks/endpoints/${endpoint.endpointId}${path}`, { token: c.token, ...(path === '/update' ? { body: {} } : {}) });
      expect(again.statusCode, path).toBe(404);
      expect(again.json.errorCode, path).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    }
    expect((await p.api('GET', '/v1/webhooks/endpoints', { token: c.token })).body).not.toContain(endpoint.endpointId);
    // Soft delete: the row stays for the deliveries log, marked Deleted.
    const { rows } = await sql<{ status: string }>`SELECT status FROM webhook_endpoints WHERE id = ${endpoint.endpointId}`.execute(p.store.db);
    expect(rows).toEqual([{ status: 'Deleted' }]);
  });

  it('fails the endpoint\'s pending deliveries, and leaves finished ones and other endpoints\' alone', async () => {
    const d = await p.customer();
    const doomed = await create(d);
    const kept = await create(d);
    for (let i = 0; i < 2; i++) {
      const deposit = await p.admin('POST', '/deposits', { customerId: d.customerId, currency: 'USD', amount: '5', reference: `dep-${randomBytes(6).toString('hex')}` });
      expect(deposit.statusCode, deposit.body).toBe(200);
    }
    const [delivered, pending] = await deliveries(doomed.endpointId);
    expect(pending).toMatchObject({ status: 'Pending', finished_at: null });
    await sql`UPDATE webhook_deliveries SET status = 'Delivered', next_attempt_at = NULL, finished_at = now() - interval '1 hour', attempts = 1
      WHERE id = ${delivered!.id}::bigint`.execute(p.store.db);
    const before = Date.now();
    expect((await remove(d.token, doomed.endpointId)).statusCode).toBe(200);
    const after = await deliveries(doomed.endpointId);
    expect(after.map((r) => r.status)).toEqual(['Delivered', 'Failed']);
    expect(after[1]!.next_attempt_at).toBeNull();
    expect(new Date(after[1]!.finished_at!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(after[0]!.finished_at!).getTime()).toBeLessThan(before - 60_000);
    expect((await deliveries(kept.endpointId)).map((r) => r.status)).toEqual(['Pending', 'Pending']);
  });

  it('answers 404 for an unknown endpoint', async () => {
    const response = await remove(c.token, 'we_nosuchendpoint0000000000');
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
  });

  it('answers 404 for another customer\'s endpoint and leaves it working', async () => {
    const mine = await create(c);
    const other = await p.customer();
    const response = await remove(other.token, mine.endpointId);
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    expect((await p.api('GET', `/v1/webhooks/endpoints/${mine.endpointId}`, { token: c.token })).json.data.status).toBe('Enabled');
  });

  it('needs a token', async () => {
    const mine = await create(c);
    const response = await remove(null, mine.endpointId);
    expect(response.statusCode).toBe(401);
    expect(response.json.errorCode).toBe('UNAUTHORIZED');
    expect((await p.api('GET', `/v1/webhooks/endpoints/${mine.endpointId}`, { token: c.token })).statusCode).toBe(200);
  });
});
