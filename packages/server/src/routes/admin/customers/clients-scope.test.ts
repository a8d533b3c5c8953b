// API credentials through people: scoped to a customer user's own customer, audited without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';

describe('admin API clients: scope and audit', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  it('a customer developer creates, lists and revokes its own credentials, each change audited once, never the secret', async () => {
    const c = await p.customer();
    const dev = await createUser(p, 'customer_developer', { customerId: c.customerId });
    const created = await dev.call('POST', `/customers/${c.customerId}/clients`);
    expect(created.statusCode, created.body).toBe(200);
    const { clientId, clientSecret } = created.json.data;
    await p.token(clientId, clientSecret);
    const list = await dev.call('GET', `/customers/${c.customerId}/clients`);
    expect(list.json.data.map((x: { clientId: string }) => x.clientId)).toEqual([c.clientId, clientId]);
    expect(list.body).not.toContain(clientSecret);

    const revoked = await dev.call('POST', `/clients/${clientId}/revoke`);
    expect(revoked.json.data).toMatchObject({ clientId, status: 'Revoked' });
    expect((await dev.call('POST', `/clients/${clientId}/revoke`)).json.data.status).toBe('Revoked');

    const rows = await auditRowsFor(p, clientId);
    expect(rows.map((r) => r.action)).toEqual(['client.create', 'client.revoke']);
    for (const row of rows) expect(row).toMatchObject({ actor_type: 'user', actor_id: dev.userId, customer_id: c.customerId, target_type: 'api_client' });
    expect(rows[1]).toMatchObject({ before: { status: 'Active' }, after: { status: 'Revoked' } });
    const everything = JSON.stringify(await p.store.db.selectFrom('audit_log').selectAll().execute(), (_, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(everything).not.toContain(clientSecret);
    expect(everything).not.toContain(c.clientSecret);
    await expectAuditClean(p);
  });

  it("another customer's credentials are answered as not existing, and stay untouched", async () => {
    const own = await p.customer();
    const other = await p.customer();
    const admin = await createUser(p, 'customer_admin', { customerId: own.customerId });
    const create = await admin.call('POST', `/customers/${other.customerId}/clients`);
    expect(create.statusCode).toBe(404);
    expect(create.json.errorCode).toBe('CUSTOMER_NOT_FOUND');
    const list = await admin.call('GET', `/customers/${other.customerId}/clients`);
    expect(list.statusCode).toBe(404);
    expect(list.body).not.toContain(other.clientId);
    const revoke = await admin.call('POST', `/clients/${other.clientId}/revoke`);
    expect(revoke.statusCode).toBe(404);
    expect(revoke.json).toMatchObject({ errorCode: 'CLIENT_NOT_FOUND', data: null });
    // The same answer as a client that does not exist at all.
    expect((await admin.call('POST', '/clients/cdp_nosuchclient/revoke')).json.errorMessage)
      .toBe(revoke.json.errorMessage.replace(other.clientId, 'cdp_nosuchclient'));
    expect((await p.api('GET', '/v1/ping', { token: other.token })).statusCode).toBe(200);
    expect((await p.admin('GET', `/customers/${other.customerId}/clients`)).json.data).toHaveLength(1);
    expect(await auditRowsFor(p, other.clientId)).toEqual([]);
  });

  it('viewers may list but not create or revoke (403), and nothing is recorded', async () => {
    const c = await p.customer();
    for (const user of [await createUser(p, 'customer_viewer', { customerId: c.customerId }), await createUser(p, 'viewer'), await createUser(p, 'support')]) {
      expect((await user.call('GET', `/customers/${c.customerId}/clients`)).statusCode, user.role).toBe(200);
      expect((await user.call('POST', `/customers/${c.customerId}/clients`)).statusCode, user.role).toBe(403);
      const revoke = await user.call('POST', `/clients/${c.clientId}/revoke`);
      expect(revoke.statusCode, user.role).toBe(403);
      expect(revoke.json.errorCode).toBe('FORBIDDEN');
    }
    expect((await p.admin('GET', `/customers/${c.customerId}/clients`)).json.data.map((x: { status: string }) => x.status)).toEqual(['Active']);
    expect(await auditRowsFor(p, c.clientId)).toEqual([]);
  });

  it('the admin key is audited as the admin key', async () => {
    const c = await p.customer();
    const created = (await p.admin('POST', `/customers/${c.customerId}/clients`)).json.data;
    const [row] = await auditRowsFor(p, created.clientId);
    expect(row).toMatchObject({ action: 'client.create', actor_type: 'admin_key', actor_id: 'admin-key', after: { clientId: created.clientId, status: 'Active' } });
  });
});
