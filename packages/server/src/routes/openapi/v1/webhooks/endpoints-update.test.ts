import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

describe('POST /openapi/v1/webhooks/endpoints/{endpointId}/update', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  const update = (token: string | null, endpointId: string, body: unknown) => p.api('POST', `/v1/webhooks/endpoints/${endpointId}/update`, { token, body });
  const create = async (customer: TestCustomer, body: Record<string, unknown> = {}) =>
    (await p.api('POST', '/v1/webhooks/endpoints', { token: customer.token, body: { url: 'http://localhost/u', ...body } })).json.data;
  const deliveriesTo = async (endpointId: string) => (await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = ${endpointId}`.execute(p.store.db)).rows[0]!.n;
  /** How many deliveries to the endpoint one operator deposit (an account.credited event) queued. */
  const depositDeliveries = async (customer: TestCustomer, endpointId: string) => {
    const before = await deliveriesTo(endpointId);
    const deposit = await p.admin('POST', '/deposits', { customerId: customer.customerId, currency: 'USD', amount: '5', reference: `dep-${randomBytes(6).toString('hex')}` });
    expect(deposit.statusCode, deposit.body).toBe(200);
    return (await deliveriesTo(endpointId)) - before;
  };
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('changes only the fields given, and modifiedOn', async () => {
    const endpoint = await create(c, { description: 'first', eventTypes: ['card.created'] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await update(c.token, endpoint.endpointId, { url: 'http://127.0.0.1:8080/new', description: 'second' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toMatchObject({
      endpointId: endpoint.endpointId, url: 'http://127.0.0.1:8080/new', description: 'second', eventTypes: ['card.created'],
      status: 'Enabled', createdOn: endpoint.createdOn,
    });
    expect(response.json.data).not.toHaveProperty('secret');
    expect(new Date(response.json.data.modifiedOn).getTime()).toBeGreaterThan(new Date(endpoint.modifiedOn).getTime());
    const again = await update(c.token, endpoint.endpointId, { eventTypes: null, description: null });
    expect(again.json.data).toMatchObject({ url: 'http://127.0.0.1:8080/new', eventTypes: null, description: null });
    expect((await p.api('GET', `/v1/webhooks/endpoints/${endpoint.endpointId}`, { token: c.token })).json.data).toEqual(again.json.data);
  });

  it('sets and removes deliveryFaults in the sandbox', async () => {
    const endpoint = await create(c);
    const set = await update(c.token, endpoint.endpointId, { deliveryFaults: { duplicateRate: 1, reorderWindowS: 0 } });
    expect(set.json.data.deliveryFaults).toEqual({ duplicateRate: 1, reorderWindowS: 0 });
    const removed = await update(c.token, endpoint.endpointId, { deliveryFaults: null });
    expect(removed.json.data.deliveryFaults).toBeNull();
  });

  it('disables and re-enables: a Disabled endpoint gets no events; Enabled clears the platform\'s reason and failure clock', async () => {
    const d = await p.customer();
    const endpoint = await create(d, { eventTypes: ['account.credited'] });
    expect(await depositDeliveries(d, endpoint.endpointId)).toBe(1);
    expect((await update(d.token, endpoint.endpointId, { status: 'Disabled' })).json.data).toMatchObject({ status: 'Disabled', disabledReason: null });
    expect(await depositDeliveries(d, endpoint.endpointId)).toBe(0);
    // As the delivery worker leaves it after five days of failures.
    await sql`UPDATE webhook_endpoints SET disabled_reason = 'Every delivery failed for 5 days', failing_since = now() - interval '5 days'
      WHERE id = ${endpoint.endpointId}`.execute(p.store.db);
    const enabled = await update(d.token, endpoint.endpointId, { status: 'Enabled' });
    expect(enabled.json.data).toMatchObject({ status: 'Enabled', disabledReason: null });
    const { rows } = await sql<{ failing_since: Date | null }>`SELECT failing_since FROM webhook_endpoints WHERE id = ${endpoint.endpointId}`.execute(p.store.db);
    expect(rows[0]!.failing_since).toBeNull();
    expect(await depositDeliveries(d, endpoint.endpointId)).toBe(1);
  });

  it('validates the body: unknown fields, bad values, status Deleted; nothing changes', async () => {
    const endpoint = await create(c, { description: 'keep' });
    for (const body of [{ extra: 1 }, { status: 'Deleted' }, { status: 'enabled' }, { eventTypes: ['nope'] }, { eventTypes: [] },
      { url: '' }, { url: `http://localhost/${'x'.repeat(2049)}` }, { description: 'x'.repeat(501) }, { deliveryFaults: { duplicateRate: -1 } }]) {
      const response = await update(c.token, endpoint.endpointId, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.json.errorCode, JSON.stringify(body).slice(0, 60)).toBe('VALIDATION_FAILED');
    }
    const refused = await update(c.token, endpoint.endpointId, { url: 'ftp://localhost/x', description: 'changed' });
    expect(refused.json.errorCode).toBe('WEBHOOK_URL_REFUSED');
    const { secret, ...unchanged } = endpoint;
    expect((await p.api('GET', `/v1/webhooks/endpoints/${endpoint.endpointId}`, { token: c.token })).json.data).toEqual(unchanged);
  });

  it('answers 404 for unknown, deleted and other customers\' endpoints, and changes none of them', async () => {
    expect((await update(c.token, 'we_nosuchendpoint0000000000', { description: 'x' })).json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const deleted = await create(c);
    await p.api('POST', `/v1/webhooks/endpoints/${deleted.endpointId}/delete`, { token: c.token });
    const revived = await update(c.token, deleted.endpointId, { status: 'Enabled' });
    expect(revived.statusCode).toBe(404);
    expect(revived.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const mine = await create(c, { description: 'mine' });
    const other = await p.customer();
    const hijack = await update(other.token, mine.endpointId, { url: 'http://localhost/attacker', description: 'theirs' });
    expect(hijack.statusCode).toBe(404);
    expect(hijack.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const { rows } = await sql<{ url: string; description: string; status: string }>`
      SELECT url, description, status FROM webhook_endpoints WHERE id IN (${mine.endpointId}, ${deleted.endpointId}) ORDER BY created_at`.execute(p.store.db);
    expect(rows).toEqual([
      { url: 'http://localhost/u', description: null, status: 'Deleted' },
      { url: 'http://localhost/u', description: 'mine', status: 'Enabled' },
    ]);
  });

  it('needs a token', async () => {
    const endpoint = await create(c);
    const response = await update(null, endpoint.endpointId, { description: 'anon' });
    expect(response.statusCode).toBe(401);
    expect(response.json.errorCode).toBe('UNAUTHORIZED');
  });
});
