// POST/GET /admin/v1/customers/{customerId}/clients, POST /admin/v1/clients/{clientId}/revoke
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';

describe('admin API clients', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  it('creates another client for a customer; its secret gets tokens for the same customer', async () => {
    const c = await p.customer({ USD: '5' });
    const response = await p.admin('POST', `/customers/${c.customerId}/clients`);
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json.data;
    expect(Object.keys(data).sort()).toEqual(['clientId', 'clientSecret', 'customerId']);
    expect(data.customerId).toBe(c.customerId);
    expect(data.clientId).not.toBe(c.clientId);
    const token = await p.token(data.clientId, data.clientSecret);
    const accounts = await p.api('GET', '/v1/accounts', { token });
    expect(accounts.json.data.find((a: { currency: string }) => a.currency === 'USD').amount).toBe(5);
    await p.expectLedgerClean();
  });

  it('a client\'s secret does not work for another client', async () => {
    const c = await p.customer();
    const second = (await p.admin('POST', `/customers/${c.customerId}/clients`)).json.data;
    const response = await p.api('POST', '/connect/token', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: second.clientId, client_secret: c.clientSecret }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('lists a customer\'s clients oldest first, with status and without secrets', async () => {
    const c = await p.customer();
    const second = (await p.admin('POST', `/customers/${c.customerId}/clients`)).json.data;
    const response = await p.admin('GET', `/customers/${c.customerId}/clients`);
    expect(response.statusCode).toBe(200);
    expect(response.json.data.map((x: { clientId: string }) => x.clientId)).toEqual([c.clientId, second.clientId]);
    for (const client of response.json.data) {
      expect(Object.keys(client).sort()).toEqual(['clientId', 'createdOn', 'customerId', 'status']);
      expect(client).toMatchObject({ customerId: c.customerId, status: 'Active' });
    }
    expect(response.body).not.toContain(second.clientSecret);
    expect(response.body).not.toContain('scrypt');
  });

  it('lists only that customer\'s clients', async () => {
    const a = await p.customer();
    const b = await p.customer();
    const list = (await p.admin('GET', `/customers/${a.customerId}/clients`)).json.data;
    expect(list.map((x: { clientId: string }) => x.clientId)).toEqual([a.clientId]);
    expect(JSON.stringify(list)).not.toContain(b.clientId);
  });

  it('revokes a client: status Revoked, no new tokens, old tokens refused, other clients unaffected', async () => {
    const c = await p.customer();
    const second = (await p.admin('POST', `/customers/${c.customerId}/clients`)).json.data;
    const revoked = await p.admin('POST', `/clients/${c.clientId}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json.data).toMatchObject({ clientId: c.clientId, customerId: c.customerId, status: 'Revoked' });
    expect(Object.keys(revoked.json.data).sort()).toEqual(['clientId', 'createdOn', 'customerId', 'status']);

    expect((await p.api('GET', '/v1/ping', { token: c.token })).statusCode).toBe(401);
    const token = await p.api('POST', '/connect/token', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(token.json.error).toBe('invalid_client');
    expect((await p.api('GET', '/v1/ping', { token: await p.token(second.clientId, second.clientSecret) })).statusCode).toBe(200);

    const list = (await p.admin('GET', `/customers/${c.customerId}/clients`)).json.data;
    expect(list.map((x: { status: string }) => x.status)).toEqual(['Revoked', 'Active']);
    const row = await p.store.db.selectFrom('api_clients').select('revoked_at').where('client_id', '=', c.clientId).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it('revoking twice answers the revoked client again', async () => {
    const c = await p.customer();
    await p.admin('POST', `/clients/${c.clientId}/revoke`);
    const again = await p.admin('POST', `/clients/${c.clientId}/revoke`);
    expect(again.statusCode).toBe(200);
    expect(again.json.data.status).toBe('Revoked');
  });

  it('unknown customer or client → 404', async () => {
    const create = await p.admin('POST', '/customers/CUSNOPE/clients');
    expect(create.statusCode).toBe(404);
    expect(create.json).toMatchObject({ hasError: true, errorCode: 'CUSTOMER_NOT_FOUND', data: null });
    const list = await p.admin('GET', '/customers/CUSNOPE/clients');
    expect(list.statusCode).toBe(404);
    expect(list.json.errorCode).toBe('CUSTOMER_NOT_FOUND');
    const revoke = await p.admin('POST', '/clients/cdp_nope/revoke');
    expect(revoke.statusCode).toBe(404);
    expect(revoke.json).toMatchObject({ errorCode: 'CLIENT_NOT_FOUND' });
    expect(revoke.json.errorMessage).toContain('cdp_nope');
  });
});
