import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

describe('GET /openapi/v1/webhooks/endpoints', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  const list = (token: string | null) => p.api('GET', '/v1/webhooks/endpoints', { token });
  const create = (token: string, url: string) => p.api('POST', '/v1/webhooks/endpoints', { token, body: { url } });
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('answers an empty list for a customer without endpoints', async () => {
    const response = await list(c.token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, data: [] });
  });

  it('lists the customer\'s endpoints oldest first, without secrets, and not deleted ones', async () => {
    const created = [];
    for (const url of ['http://localhost/1', 'http://localhost/2', 'http://localhost/3']) created.push((await create(c.token, url)).json.data);
    await p.api('POST', `/v1/webhooks/endpoints/${created[1].endpointId}/delete`, { token: c.token });
    const response = await list(c.token);
    expect(response.statusCode).toBe(200);
    expect(response.json.data.map((e: { endpointId: string }) => e.endpointId)).toEqual([created[0].endpointId, created[2].endpointId]);
    const { secret, ...withoutSecret } = created[0];
    expect(response.json.data[0]).toEqual(withoutSecret);
    for (const endpoint of created) expect(response.body).not.toContain(endpoint.secret.slice('whsec_'.length));
    expect(response.body).not.toMatch(/secret/i);
  });

  it('shows each customer only their own endpoints', async () => {
    const other = await p.customer();
    const theirs = (await create(other.token, 'http://localhost/theirs')).json.data;
    expect((await list(other.token)).json.data.map((e: { endpointId: string }) => e.endpointId)).toEqual([theirs.endpointId]);
    expect((await list(c.token)).body).not.toContain(theirs.endpointId);
  });

  it('needs a token', async () => {
    const response = await list(null);
    expect(response.statusCode).toBe(401);
    expect(response.json).toMatchObject({ hasError: true, errorCode: 'UNAUTHORIZED', data: null });
    expect((await list('not-a-token')).json.errorCode).toBe('INVALID_TOKEN');
  });
});
