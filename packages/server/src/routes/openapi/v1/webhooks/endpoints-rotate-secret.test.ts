import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { secretsInForce, type EndpointSecretColumns } from '../../../../services/webhooks/endpoint-secrets.ts';
import { webhookHeaders } from '../../../../services/webhooks/signing.ts';

describe('POST /openapi/v1/webhooks/endpoints/{endpointId}/rotateSecret', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  const rotate = (token: string | null, endpointId: string) => p.api('POST', `/v1/webhooks/endpoints/${endpointId}/rotateSecret`, { token });
  const create = async (customer: TestCustomer) =>
    (await p.api('POST', '/v1/webhooks/endpoints', { token: customer.token, body: { url: 'http://localhost/r' } })).json.data;
  const secretColumns = async (endpointId: string) => (await sql<EndpointSecretColumns>`
    SELECT id, secret_encrypted, secret_key_version, previous_secret_encrypted, previous_secret_key_version, previous_secret_expires_at
    FROM webhook_endpoints WHERE id = ${endpointId}`.execute(p.store.db)).rows[0]!;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('answers a new secret; for 24 hours both secrets sign, and a receiver holding either verifies', async () => {
    const endpoint = await create(c);
    const before = Date.now();
    const response = await rotate(c.token, endpoint.endpointId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { secret, ...rest } = response.json.data;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(secret).not.toBe(endpoint.secret);
    expect(rest).toMatchObject({ endpointId: endpoint.endpointId, url: 'http://localhost/r', status: 'Enabled' });
    const row = await secretColumns(endpoint.endpointId);
    const expiresMs = new Date(row.previous_secret_expires_at!).getTime();
    expect(expiresMs).toBeGreaterThanOrEqual(before + 24 * 3600_000 - 5000);
    expect(expiresMs).toBeLessThanOrEqual(Date.now() + 24 * 3600_000 + 5000);
    const secrets = await secretsInForce(p.app.ctx.keys.dataKeys, row);
    expect(secrets).toEqual([secret, endpoint.secret]);
    const body = JSON.stringify({ type: 'webhook.test', data: {} });
    const headers = webhookHeaders(secrets, 'evt_rotation', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const held of [secret, endpoint.secret]) expect(new Webhook(held).verify(body, headers)).toEqual(JSON.parse(body));
    // After the 24 hours only the new secret signs.
    expect(await secretsInForce(p.app.ctx.keys.dataKeys, row, new Date(expiresMs + 1))).toEqual([secret]);
    expect(JSON.stringify(row)).not.toContain(secret.slice('whsec_'.length));
  });

  it('on a second rotation the previous secret is the one just replaced', async () => {
    const endpoint = await create(c);
    const second = (await rotate(c.token, endpoint.endpointId)).json.data.secret;
    const third = (await rotate(c.token, endpoint.endpointId)).json.data.secret;
    expect(await secretsInForce(p.app.ctx.keys.dataKeys, await secretColumns(endpoint.endpointId))).toEqual([third, second]);
    expect((await p.api('GET', `/v1/webhooks/endpoints/${endpoint.endpointId}`, { token: c.token })).body).not.toContain(third.slice(6));
  });

  it('answers 404 for unknown and deleted endpoints', async () => {
    expect((await rotate(c.token, 'we_nosuchendpoint0000000000')).json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const deleted = await create(c);
    await p.api('POST', `/v1/webhooks/endpoints/${deleted.endpointId}/delete`, { token: c.token });
    const response = await rotate(c.token, deleted.endpointId);
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
  });

  it('answers 404 for another customer\'s endpoint, whose secret stays as it was', async () => {
    const mine = await create(c);
    const before = await secretColumns(mine.endpointId);
    const other = await p.customer();
    const response = await rotate(other.token, mine.endpointId);
    expect(response.statusCode).toBe(404);
    expect(response.json.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    expect(response.body).not.toContain('whsec_');
    expect(await secretColumns(mine.endpointId)).toEqual(before);
  });

  it('needs a token', async () => {
    const mine = await create(c);
    const response = await rotate(null, mine.endpointId);
    expect(response.statusCode).toBe(401);
    expect(response.json.errorCode).toBe('UNAUTHORIZED');
    expect((await secretColumns(mine.endpointId)).previous_secret_encrypted).toBeNull();
  });
});
