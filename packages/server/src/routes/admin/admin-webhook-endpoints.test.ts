import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { applyCard, expectError } from '../../../test/standard-kit.ts';
import { deliverAll, deliverer, registerEndpoint, startReceiver, type Receiver } from '../../../test/webhook-receiver.ts';
import { createUser } from '../../../test/people-kit.ts';

describe('GET /admin/v1/webhooks/endpoints', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let gone: Receiver;
  const created: Array<{ endpointId: string; secret: string }> = [];
  const list = (customerId: string) => p.admin('GET', `/webhooks/endpoints?customerId=${encodeURIComponent(customerId)}`);

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '100' });
    // A receiver that answers 410 Gone: the platform disables its endpoint.
    gone = await startReceiver(() => ({ status: 410 }));
    for (const body of [{ url: gone.url }, { url: `${gone.url}?2`, eventTypes: ['card.created'] }, { url: `${gone.url}?3`, description: 'to delete' }]) {
      created.push(await registerEndpoint(p, c, body));
    }
    await p.api('POST', `/v1/webhooks/endpoints/${created[1]!.endpointId}/update`, { token: c.token, body: { status: 'Disabled' } });
    await p.api('POST', `/v1/webhooks/endpoints/${created[2]!.endpointId}/delete`, { token: c.token });
    await p.api('POST', `/v1/webhooks/endpoints/${created[1]!.endpointId}/rotateSecret`, { token: c.token });
    await applyCard(p, c, '10');
    await deliverAll(deliverer(p), p.store, c.customerId, 20_000);
  });
  afterAll(async () => {
    await gone?.close();
    await p?.close();
  });

  it("lists the customer's endpoints, disabled ones with why, deleted ones not at all, secrets never", async () => {
    const response = await list(c.customerId);
    expect(response.statusCode, response.body).toBe(200);
    const [first, second, ...rest] = response.json.data;
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ endpointId: created[0]!.endpointId, url: gone.url, eventTypes: null, status: 'Disabled', disabledReason: expect.stringContaining('410') });
    expect(second).toMatchObject({ endpointId: created[1]!.endpointId, eventTypes: ['card.created'], status: 'Disabled', disabledReason: null });
    // The customer's own view of each endpoint is the same.
    for (const endpoint of response.json.data) {
      const own = await p.api('GET', `/v1/webhooks/endpoints/${endpoint.endpointId}`, { token: c.token });
      expect(own.json.data).toEqual(endpoint);
    }
    expect(response.body).not.toMatch(/whsec_|secret/i);
    for (const { secret } of created) expect(response.body).not.toContain(secret.slice('whsec_'.length));
  });

  it('answers an empty list for a customer without endpoints, 404 for an unknown one, 400 without a customerId', async () => {
    const other = await p.customer();
    expect((await list(other.customerId)).json.data).toEqual([]);
    expectError(await list('CUSNOSUCHCUSTOMER'), 404, 'CUSTOMER_NOT_FOUND');
    expectError(await p.admin('GET', '/webhooks/endpoints'), 400, 'VALIDATION_FAILED', 'customerId');
  });

  it('needs the admin key; a customer token is not one', async () => {
    const noKey = await p.app.inject({ method: 'GET', url: `/admin/v1/webhooks/endpoints?customerId=${c.customerId}` });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json().errorCode).toBe('ADMIN_UNAUTHORIZED');
    const asCustomer = await p.app.inject({ method: 'GET', url: `/admin/v1/webhooks/endpoints?customerId=${c.customerId}`, headers: { authorization: `Bearer ${c.token}` } });
    expect(asCustomer.statusCode).toBe(401);
  });

  it("narrows a customer user to its own customer's endpoints, named or not; another customer is not found", async () => {
    const user = await createUser(p, 'customer_developer', { customerId: c.customerId });
    const unnamed = await user.call('GET', '/webhooks/endpoints');
    expect(unnamed.statusCode, unnamed.body).toBe(200);
    expect(unnamed.json.data).toEqual((await list(c.customerId)).json.data);
    expect(unnamed.json.data).toHaveLength(2);
    const other = await p.customer();
    expectError(await user.call('GET', `/webhooks/endpoints?customerId=${other.customerId}`), 404, 'CUSTOMER_NOT_FOUND');
    const viewer = await createUser(p, 'viewer');
    expect((await viewer.call('GET', `/webhooks/endpoints?customerId=${c.customerId}`)).json.data).toHaveLength(2);
    expectError(await viewer.call('GET', '/webhooks/endpoints'), 400, 'VALIDATION_FAILED', 'customerId');
  });
});
