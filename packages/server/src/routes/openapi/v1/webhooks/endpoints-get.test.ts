import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

describe('GET /openapi/v1/webhooks/endpoints/{endpointId}', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let endpoint: Record<string, any>;
  const get = (token: string | null, endpointId: string) => p.api('GET', `/v1/webhooks/endpoints/${endpointId}`, { token });
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
    endpoint = (await p.api('POST', '/v1/webhooks/endpoints', { token: c.token, body: { url: 'http://localhost/get', eventTypes: ['account.credited'] } })).json.data;
  });
  afterAll(async () => { await p?.close(); });

  it('answers the endpoint as created, without its secret', async () => {
    const response = await get(c.token, endpoint.endpointId);
    expect(response.statusCode, response.body).toBe(200);
    const { secret, ...withoutSecret } = endpoint;
    expect(response.json.data).toEqual(withoutSecret);
    expect(response.body).not.toContain(secret.slice('whsec_'.length));
    expect(response.body).not.toMatch(/secret/i);
  });

  it('shows why the platform disabled an endpoint', async () => {
    await sql`UPDATE webhook_endpoints SET status = 'Disabled', disabled_reason = 'The receiver answered 410 Gone' WHERE id = ${endpoint.endpointId}`.execute(p.store.db);
    const response = await get(c.token, endpoint.endpointId);
    expect(response.json.data).toMatchObject({ status: 'Disabled', disabledReason: 'The receiver answered 410 Gone' });
    await sql`UPDATE webhook_endpoints SET status = 'Enabled', disabled_reason = NULL WHERE id = ${endpoint.endpointId}`.execute(p.store.db);
  });

  it('answers 404 for an unknown id, and validates the id\'s length', async () => {
    const response = await get(c.token, 'we_nosuchendpoint0000000000');
    expect(response.statusCode).toBe(404);
    expect(response.json).toMatchObject({ errorCode: 'WEBHOOK_ENDPOINT_NOT_FOUND', errorMessage: "Webhook endpoint 'we_nosuchendpoint0000000000' does not exist" });
    expect((await get(c.token, 'x'.repeat(65))).json.errorCode).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for a deleted endpoint', async () => {
    const doomed = (await p.api('POST', '/v1/webhooks/endpoints', { token: c.token, body: { url: 'http://localhost/doomed' } })).json.data;
    expect((await p.api('POST', `/v1/webhooks/endpoints/${doomed.endpointId}/delete`, { token: c.token })).statusCode).toBe(200);
    expect((await get(c.token, doomed.endpointId)).json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
  });

  it('answers 404 for another customer\'s endpoint, as for one that does not exist', async () => {
    const other = await p.customer();
    const response = await get(other.token, endpoint.endpointId);
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    expect(response.body).not.toContain('localhost/get');
  });

  it('needs a token', async () => {
    const response = await get(null, endpoint.endpointId);
    expect(response.statusCode).toBe(401);
    expect(response.json.errorCode).toBe('UNAUTHORIZED');
  });
});
