// POST /admin/v1/customers, GET /admin/v1/customers, POST /admin/v1/customers/{id}/disable|enable
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';

const UUID = /^[0-9a-f-]{36}$/;

describe('admin customers', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  describe('POST /customers', () => {
    it('creates an active customer with its first client; the secret works for a token', async () => {
      const response = await p.admin('POST', '/customers', { name: 'Acme Ads Ltd' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
      expect(response.json.responseId).toMatch(UUID);
      const data = response.json.data;
      expect(Object.keys(data).sort()).toEqual(['clientId', 'clientSecret', 'createdOn', 'customerId', 'name', 'status']);
      expect(data).toMatchObject({ name: 'Acme Ads Ltd', status: 'Active' });
      expect(data.customerId).toMatch(/^CUS[0-9A-Z]{14}$/);
      expect(data.clientId).toMatch(/^cdp_[0-9a-z]{20}$/);
      expect(data.clientSecret).toMatch(/^cdps_[A-Za-z0-9_-]{43}$/);
      expect(Math.abs(Date.parse(data.createdOn) - Date.now())).toBeLessThan(60_000);
      const token = await p.token(data.clientId, data.clientSecret);
      expect((await p.api('GET', '/v1/ping', { token })).statusCode).toBe(200);
    });

    it('opens an empty funding account in every currency', async () => {
      const data = (await p.admin('POST', '/customers', { name: 'Accounts Co' })).json.data;
      const token = await p.token(data.clientId, data.clientSecret);
      const accounts = (await p.api('GET', '/v1/accounts', { token })).json.data;
      expect(accounts).toHaveLength(9);
      expect(accounts.every((a: { amount: number; ledgerAmount: number }) => a.amount === 0 && a.ledgerAmount === 0)).toBe(true);
      await p.expectLedgerClean();
    });

    it('gives every customer its own ids and secrets', async () => {
      const a = (await p.admin('POST', '/customers', { name: 'Same Name' })).json.data;
      const b = (await p.admin('POST', '/customers', { name: 'Same Name' })).json.data;
      expect(a.customerId).not.toBe(b.customerId);
      expect(a.clientId).not.toBe(b.clientId);
      expect(a.clientSecret).not.toBe(b.clientSecret);
    });

    it('validates the name: required, 1 to 128 characters', async () => {
      for (const body of [{}, { name: '' }, { name: 'x'.repeat(129) }, { name: 42 }]) {
        const response = await p.admin('POST', '/customers', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json).toMatchObject({ hasError: true, errorCode: 'VALIDATION_FAILED', data: null });
        expect(response.json.errorMessage).toContain('name');
      }
      expect((await p.admin('POST', '/customers', { name: 'x'.repeat(128) })).statusCode).toBe(200);
    });

    it('refuses fields it does not know (id, status) instead of taking them, and creates nothing', async () => {
      const before = (await p.admin('GET', '/customers')).json.data.totalRecords;
      const response = await p.admin('POST', '/customers', { name: 'Sneaky', customerId: 'CUSCHOSEN', status: 'Disabled' });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json.errorCode).toBe('VALIDATION_FAILED');
      expect(response.json.errorMessage).toMatch(/customerId|status/);
      expect((await p.admin('GET', '/customers')).json.data.totalRecords).toBe(before);
    });

    it('answers malformed JSON with 400', async () => {
      const response = await p.app.inject({
        method: 'POST', url: '/admin/v1/customers', payload: '{"name":', headers: { 'x-admin-key': p.adminKey, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errorCode).toBe('MALFORMED_JSON');
    });
  });

  describe('GET /customers', () => {
    it('lists customers newest first, without secrets', async () => {
      const first = (await p.admin('POST', '/customers', { name: 'Listed First' })).json.data;
      const second = (await p.admin('POST', '/customers', { name: 'Listed Second' })).json.data;
      const response = await p.admin('GET', '/customers?PageSize=100');
      expect(response.statusCode).toBe(200);
      const list = response.json.data.data as Array<{ customerId: string }>;
      for (const item of list) expect(Object.keys(item).sort()).toEqual(['createdOn', 'customerId', 'name', 'status']);
      const ids = list.map((x) => x.customerId);
      expect(ids.indexOf(second.customerId)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(second.customerId)).toBeLessThan(ids.indexOf(first.customerId));
      expect(response.body).not.toContain(first.clientSecret);
      expect(response.body).not.toContain('cdps_');
    });
  });

  describe('POST /customers/{customerId}/disable and /enable', () => {
    it('disables and enables, answering the customer with its new status', async () => {
      const c = await p.customer();
      const disabled = await p.admin('POST', `/customers/${c.customerId}/disable`);
      expect(disabled.statusCode, disabled.body).toBe(200);
      expect(disabled.json.data).toMatchObject({ customerId: c.customerId, status: 'Disabled' });
      expect((await p.api('GET', '/v1/ping', { token: c.token })).json.errorCode).toBe('CUSTOMER_DISABLED');
      const listed = (await p.admin('GET', `/customers?q=${c.customerId}`)).json.data.data.find((x: { customerId: string }) => x.customerId === c.customerId);
      expect(listed.status).toBe('Disabled');

      const enabled = await p.admin('POST', `/customers/${c.customerId}/enable`);
      expect(enabled.json.data).toMatchObject({ customerId: c.customerId, status: 'Active' });
      expect((await p.api('GET', '/v1/ping', { token: c.token })).statusCode).toBe(200);
    });

    it('is idempotent', async () => {
      const c = await p.customer();
      for (let i = 0; i < 2; i++) expect((await p.admin('POST', `/customers/${c.customerId}/disable`)).json.data.status).toBe('Disabled');
      for (let i = 0; i < 2; i++) expect((await p.admin('POST', `/customers/${c.customerId}/enable`)).json.data.status).toBe('Active');
    });

    it('keeps a disabled customer\'s money untouched', async () => {
      const c = await p.customer({ USD: '12.34' });
      await p.admin('POST', `/customers/${c.customerId}/disable`);
      await p.admin('POST', `/customers/${c.customerId}/enable`);
      const usd = (await p.api('GET', '/v1/accounts', { token: c.token })).json.data.find((a: { currency: string }) => a.currency === 'USD');
      expect(usd.amount).toBe(12.34);
      await p.expectLedgerClean();
    });

    it('unknown customer → 404 CUSTOMER_NOT_FOUND; unknown action → 400', async () => {
      const missing = await p.admin('POST', '/customers/CUSNOSUCHCUSTOMER/disable');
      expect(missing.statusCode).toBe(404);
      expect(missing.json).toMatchObject({ hasError: true, errorCode: 'CUSTOMER_NOT_FOUND', data: null });
      expect(missing.json.errorMessage).toContain('CUSNOSUCHCUSTOMER');
      const c = await p.customer();
      const bad = await p.admin('POST', `/customers/${c.customerId}/delete`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json.errorCode).toBe('VALIDATION_FAILED');
      expect((await p.admin('POST', `/customers/${'C'.repeat(65)}/disable`)).statusCode).toBe(400);
    });
  });
});
