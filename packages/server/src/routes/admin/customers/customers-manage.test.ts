// GET /admin/v1/customers (page, search, scope), GET/PATCH /admin/v1/customers/{customerId}, and the audit of create/disable/enable.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';

describe('admin customers: search, detail, update, audit', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });

  const named = async (name: string) => (await p.admin('POST', '/customers', { name })).json.data as { customerId: string; clientId: string; clientSecret: string };

  describe('GET /customers', () => {
    it('answers a page, newest first, searched by part of the name or id (case-insensitive) and status', async () => {
      const tag = randomBytes(4).toString('hex');
      const first = await named(`Alpha ${tag} Ads`);
      const second = await named(`Beta ${tag} Media`);
      await named(`Gamma ${tag} Labs`);
      await p.admin('POST', `/customers/${second.customerId}/disable`);

      const all = (await p.admin('GET', `/customers?q=${tag.toUpperCase()}`)).json.data;
      expect(all).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: 3, totalPages: 1 });
      expect(all.data.map((c: { name: string }) => c.name)).toEqual([`Gamma ${tag} Labs`, `Beta ${tag} Media`, `Alpha ${tag} Ads`]);
      const paged = (await p.admin('GET', `/customers?q=${tag}&PageSize=2&PageNumber=2`)).json.data;
      expect(paged).toMatchObject({ pageNumber: 2, pageSize: 2, totalRecords: 3, totalPages: 2 });
      expect(paged.data.map((c: { customerId: string }) => c.customerId)).toEqual([first.customerId]);
      const disabled = (await p.admin('GET', `/customers?q=${tag}&status=Disabled`)).json.data;
      expect(disabled.data.map((c: { customerId: string }) => c.customerId)).toEqual([second.customerId]);
      const byId = (await p.admin('GET', `/customers?q=${first.customerId.slice(3, 12).toLowerCase()}`)).json.data;
      expect(byId.data.map((c: { customerId: string }) => c.customerId)).toContain(first.customerId);
    });

    it('treats % and _ in q as text, not as wildcards', async () => {
      const tag = randomBytes(4).toString('hex');
      await named(`Percent ${tag} 100%`);
      await named(`Under ${tag} a_b`);
      await named(`Plain ${tag} ab`);
      expect((await p.admin('GET', `/customers?q=${encodeURIComponent(`${tag} 100%`)}`)).json.data.totalRecords).toBe(1);
      expect((await p.admin('GET', `/customers?q=${encodeURIComponent(`${tag} a_b`)}`)).json.data.totalRecords).toBe(1);
      // As a wildcard, '<tag> %' would match all three; as text it matches none.
      expect((await p.admin('GET', `/customers?q=${encodeURIComponent(`${tag} %`)}`)).json.data.totalRecords).toBe(0);
    });

    it('rejects a q over 100 characters, a page size over 100 and an unknown status, naming the field', async () => {
      for (const [query, field] of [[`q=${'x'.repeat(101)}`, 'q'], ['PageSize=101', 'PageSize'], ['status=Gone', 'status'], ['PageNumber=0', 'PageNumber']]) {
        const response = await p.admin('GET', `/customers?${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.json.errorCode).toBe('VALIDATION_FAILED');
        expect(response.json.errorMessage).toContain(field);
      }
      expect((await p.admin('GET', `/customers?q=${'x'.repeat(100)}`)).statusCode).toBe(200);
    });

    it('gives a customer user only its own customer, whatever it searches for', async () => {
      const own = await p.customer();
      const other = await p.customer();
      const viewer = await createUser(p, 'customer_viewer', { customerId: own.customerId });
      const page = (await viewer.call('GET', '/customers?PageSize=100')).json.data;
      expect(page).toMatchObject({ totalRecords: 1 });
      expect(page.data.map((c: { customerId: string }) => c.customerId)).toEqual([own.customerId]);
      expect((await viewer.call('GET', `/customers?q=${other.customerId}`)).json.data.totalRecords).toBe(0);
      const operator = await createUser(p, 'viewer');
      expect((await operator.call('GET', `/customers?q=${other.customerId}`)).json.data.totalRecords).toBe(1);
    });
  });

  describe('GET /customers/{customerId}', () => {
    it('shows settings, balances as GET /v1/accounts computes them, and counts', async () => {
      const c = await p.customer({ USD: '1000', EUR: '5' });
      const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' } });
      expect(apply.json.data.status, apply.body).toBe('Completed');
      await p.api('POST', '/v1/orders/standard/block', { token: c.token, body: { cardId: apply.json.data.cardInfos[0].cardId } });
      await p.admin('POST', `/customers/${c.customerId}/clients`);
      await createUser(p, 'customer_admin', { customerId: c.customerId });

      const response = await p.admin('GET', `/customers/${c.customerId}`);
      expect(response.statusCode, response.body).toBe(200);
      const detail = response.json.data;
      expect(detail).toMatchObject({ customerId: c.customerId, status: 'Active', productAccess: 'All', requireTotp: false });
      const accounts = (await p.api('GET', '/v1/accounts', { token: c.token })).json.data;
      expect(detail.balances).toEqual(accounts);
      expect(detail.balances.find((b: { currency: string }) => b.currency === 'USD')).toMatchObject({ ledgerAmount: 893.5, amount: 893.5, heldAmount: 0 });
      expect(detail.counts).toEqual({ cards: { Active: 0, Blocked: 1, Cancel: 0, Expired: 0 }, users: 1, activeClients: 2, webhookEndpoints: 0 });
      expect(response.body).not.toContain('cdps_');
      await p.expectLedgerClean();
    });

    it('unknown customer → 404; a customer user asking for another customer → the same 404', async () => {
      const missing = await p.admin('GET', '/customers/CUSNOSUCH');
      expect(missing.statusCode).toBe(404);
      expect(missing.json.errorCode).toBe('CUSTOMER_NOT_FOUND');
      const own = await p.customer();
      const other = await p.customer();
      const user = await createUser(p, 'customer_admin', { customerId: own.customerId });
      expect((await user.call('GET', `/customers/${own.customerId}`)).statusCode).toBe(200);
      const refused = await user.call('GET', `/customers/${other.customerId}`);
      expect(refused.statusCode).toBe(404);
      expect(refused.json).toMatchObject({ errorCode: 'CUSTOMER_NOT_FOUND', data: null });
    });
  });

  describe('PATCH /customers/{customerId}', () => {
    it('renames and requires two-factor, audited once with before and after', async () => {
      const c = await p.customer();
      const owner = await createUser(p, 'admin');
      const response = await owner.call('PATCH', `/customers/${c.customerId}`, { name: 'Renamed Ltd', requireTotp: true });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json.data).toMatchObject({ customerId: c.customerId, name: 'Renamed Ltd', status: 'Active' });
      expect((await p.admin('GET', `/customers/${c.customerId}`)).json.data).toMatchObject({ name: 'Renamed Ltd', requireTotp: true });

      const rows = (await auditRowsFor(p, c.customerId)).filter((r) => r.action === 'customer.update');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: owner.userId, customer_id: c.customerId, target_type: 'customer' });
      expect(rows[0]!.before).toMatchObject({ requireTotp: false });
      expect(rows[0]!.after).toMatchObject({ name: 'Renamed Ltd', requireTotp: true });
      // The same values again change nothing and record nothing.
      expect((await owner.call('PATCH', `/customers/${c.customerId}`, { name: 'Renamed Ltd' })).statusCode).toBe(200);
      expect((await auditRowsFor(p, c.customerId)).filter((r) => r.action === 'customer.update')).toHaveLength(1);
      await expectAuditClean(p);
    });

    it('validates: empty body, unknown fields, empty or long name → 400 naming the field; unknown customer → 404', async () => {
      const c = await p.customer();
      for (const [body, field] of [[{}, ''], [{ status: 'Disabled' }, 'status'], [{ name: '' }, 'name'], [{ name: 'x'.repeat(129) }, 'name'], [{ requireTotp: 'yes' }, 'requireTotp']] as const) {
        const response = await p.admin('PATCH', `/customers/${c.customerId}`, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json.errorCode).toBe('VALIDATION_FAILED');
        expect(response.json.errorMessage).toContain(field);
      }
      expect((await p.admin('PATCH', '/customers/CUSNOSUCH', { name: 'x' })).json.errorCode).toBe('CUSTOMER_NOT_FOUND');
      expect(await auditRowsFor(p, c.customerId)).toHaveLength(1); // only its creation
    });

    it('is refused (403) to support, viewers and customer users, changing nothing', async () => {
      const c = await p.customer();
      for (const user of [await createUser(p, 'support'), await createUser(p, 'viewer'), await createUser(p, 'customer_admin', { customerId: c.customerId })]) {
        const response = await user.call('PATCH', `/customers/${c.customerId}`, { name: 'Hijacked' });
        expect(response.statusCode, user.role).toBe(403);
        expect(response.json.errorCode).toBe('FORBIDDEN');
        expect((await user.call('POST', `/customers/${c.customerId}/disable`)).statusCode).toBe(403);
      }
      expect((await p.admin('GET', `/customers/${c.customerId}`)).json.data).toMatchObject({ status: 'Active' });
      expect((await auditRowsFor(p, c.customerId)).map((r) => r.action)).toEqual(['customer.create']);
    });
  });

  describe('audit of create, disable and enable', () => {
    it('records customer.create without the client secret, and one row per real status change', async () => {
      const created = await named('Audited Co');
      const [row] = await auditRowsFor(p, created.customerId);
      expect(row).toMatchObject({ action: 'customer.create', actor_type: 'admin_key', target_type: 'customer', customer_id: created.customerId });
      expect(row!.after).toMatchObject({ name: 'Audited Co', status: 'Active', firstClientId: created.clientId });
      const text = JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? String(v) : v));
      expect(text).not.toContain(created.clientSecret);
      expect(text).not.toContain('cdps_');

      await p.admin('POST', `/customers/${created.customerId}/disable`);
      await p.admin('POST', `/customers/${created.customerId}/disable`);
      await p.admin('POST', `/customers/${created.customerId}/enable`);
      const rows = await auditRowsFor(p, created.customerId);
      expect(rows.map((r) => r.action)).toEqual(['customer.create', 'customer.disable', 'customer.enable']);
      expect(rows[1]).toMatchObject({ before: expect.objectContaining({ status: 'Active' }), after: expect.objectContaining({ status: 'Disabled' }) });
      expect(rows[1]!.response_id).toMatch(/^[0-9a-f-]{36}$/);
      await expectAuditClean(p);
    });

    it('a refused create records nothing', async () => {
      const before = await p.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect((await p.admin('POST', '/customers', { name: '' })).statusCode).toBe(400);
      const support = await createUser(p, 'support');
      expect((await support.call('POST', '/customers', { name: 'Nope' })).statusCode).toBe(403);
      const after = await p.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  });
});
