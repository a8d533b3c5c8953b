import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';

describe('admin API authentication (/admin/v1)', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  // Every admin route, with a body that would succeed.
  const routes = (): Array<[string, string, unknown]> => [
    ['GET', '/customers', undefined],
    ['POST', '/customers', { name: 'Intruder Ltd' }],
    ['POST', `/customers/${c.customerId}/disable`, undefined],
    ['POST', `/customers/${c.customerId}/enable`, undefined],
    ['GET', `/customers/${c.customerId}/clients`, undefined],
    ['POST', `/customers/${c.customerId}/clients`, undefined],
    ['POST', `/clients/${c.clientId}/revoke`, undefined],
    ['POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '1000000', reference: 'steal' }],
    ['GET', '/products', undefined],
    ['POST', '/products', { productCode: 'EVIL', productName: 'Evil', cardModels: ['Standard'], cardCurrency: ['USD'], binRange: '400000' }],
    ['GET', '/ledger/verify', undefined],
  ];
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await p.app.inject({
      method: method as 'GET', url: `/admin/v1${path}`,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return Object.assign(response, { json: response.json() });
  };

  async function expectRefusedEverywhere(headers: Record<string, string>) {
    for (const [method, path, body] of routes()) {
      const response = await call(method, path, headers, body);
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(401);
      expect(response.json).toMatchObject({ hasError: true, errorCode: 'ADMIN_UNAUTHORIZED', data: null });
      expect(response.json.responseId).toBe(response.headers['x-response-id']);
    }
  }

  it('without a key → 401 ADMIN_UNAUTHORIZED on every route', async () => {
    await expectRefusedEverywhere({});
  });

  it('with a wrong key → 401 on every route, in either header', async () => {
    await expectRefusedEverywhere({ 'x-admin-key': `${p.adminKey}x` });
    await expectRefusedEverywhere({ 'x-admin-key': p.adminKey.slice(0, -1) });
    await expectRefusedEverywhere({ 'x-admin-key': p.adminKey.toUpperCase() });
    await expectRefusedEverywhere({ 'x-admin-key': '' });
    await expectRefusedEverywhere({ authorization: 'Bearer wrong-key' });
    await expectRefusedEverywhere({ authorization: `Basic ${Buffer.from(`admin:${p.adminKey}`).toString('base64')}` });
  });

  it('a customer\'s bearer token or client secret is not an admin key', async () => {
    await expectRefusedEverywhere({ authorization: `Bearer ${c.token}` });
    await expectRefusedEverywhere({ 'x-admin-key': c.clientSecret });
  });

  it('refused requests change nothing', async () => {
    const before = await p.admin('GET', '/customers');
    await expectRefusedEverywhere({});
    const after = await p.admin('GET', '/customers');
    expect(after.json.data).toEqual(before.json.data);
    const clients = await p.admin('GET', `/customers/${c.customerId}/clients`);
    expect(clients.json.data.map((x: { status: string }) => x.status)).toEqual(['Active']);
    const accounts = await p.api('GET', '/v1/accounts', { token: c.token });
    expect(accounts.json.data.every((a: { amount: number }) => a.amount === 0)).toBe(true);
    expect((await p.admin('GET', '/products')).json.data).toEqual([]);
  });

  it('accepts the key as X-Admin-Key or as Authorization: Bearer', async () => {
    expect((await call('GET', '/customers', { 'x-admin-key': p.adminKey })).statusCode).toBe(200);
    expect((await call('GET', '/customers', { authorization: `Bearer ${p.adminKey}` })).statusCode).toBe(200);
  });

  it('the admin key is not a bearer token for /v1', async () => {
    const response = await p.api('GET', '/v1/ping', { token: p.adminKey });
    expect(response.statusCode).toBe(401);
    expect(response.json.errorCode).toBe('INVALID_TOKEN');
  });

  it('takes JSON bodies only: a form or text body is a 415 that creates nothing, even with the key', async () => {
    const before = (await p.admin('GET', '/customers')).json.data.length;
    for (const [contentType, payload] of [['application/x-www-form-urlencoded', 'name=Form+Ltd'], ['text/plain', '{"name":"Text Ltd"}']]) {
      const response = await p.app.inject({
        method: 'POST', url: '/admin/v1/customers', headers: { 'x-admin-key': p.adminKey, 'content-type': contentType! }, payload,
      });
      expect(response.statusCode, response.body).toBe(415);
      expect(response.json()).toMatchObject({ hasError: true, errorCode: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect((await p.admin('GET', '/customers')).json.data.length).toBe(before);
  });
});
