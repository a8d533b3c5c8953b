import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { auditCount } from '../../../../test/users-kit.ts';

describe('GET and PATCH /admin/v1/settings/security', () => {
  let p: TestPlatform;
  let customerId: string;
  let otherCustomerId: string;
  let owner: TestUser;
  let customerAdmin: TestUser;
  const requires = async (customer: string | null) => customer === null
    ? (await p.store.db.selectFrom('settings').select('value').where('key', '=', 'operators.require_totp').executeTakeFirst())?.value === 'true'
    : (await p.store.db.selectFrom('customers').select('require_totp').where('id', '=', customer).executeTakeFirstOrThrow()).require_totp;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    ({ customerId } = await p.customer());
    ({ customerId: otherCustomerId } = await p.customer());
    owner = await createUser(p, 'owner');
    customerAdmin = await createUser(p, 'customer_admin', { customerId });
    // Whoever requires two-factor has it (the enrolment itself is the session routes' to test).
    await p.store.db.updateTable('users').set({ totp_enabled_at: new Date() }).where('id', 'in', [owner.userId, customerAdmin.userId]).execute();
  });
  afterAll(async () => { await p?.close(); });

  it('an owner requires two-factor for operators: open sessions without an authenticator may then only enrol', async () => {
    const support = await createUser(p, 'support');
    const customerViewer = await createUser(p, 'customer_viewer', { customerId });
    expect((await support.call('GET', '/settings/security')).json.data).toEqual({ requireTotp: false });
    const response = await owner.call('PATCH', '/settings/security', { requireTotp: true });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({ requireTotp: true });
    expect(await requires(null)).toBe(true);
    expect(await requires(customerId)).toBe(false);
    expectError(await support.call('GET', '/users'), 403, 'TOTP_ENROLMENT_REQUIRED');
    expect((await support.call('GET', '/settings/security')).json.data).toEqual({ requireTotp: true });
    expect((await customerViewer.call('GET', '/users')).statusCode).toBe(200);
    const rows = await auditRowsFor(p, 'operators.require_totp');
    expect(rows.map((r) => [r.action, r.before, r.after, r.customer_id])).toEqual([['settings.security_update', { requireTotp: false }, { requireTotp: true }, null]]);
    // The same value again changes nothing and records nothing; turning it off frees the sessions.
    await owner.call('PATCH', '/settings/security', { requireTotp: true });
    expect(await auditRowsFor(p, 'operators.require_totp')).toHaveLength(1);
    expect((await p.admin('PATCH', '/settings/security', { requireTotp: false })).statusCode).toBe(200);
    expect((await support.call('GET', '/users')).statusCode).toBe(200);
    expect(await auditRowsFor(p, 'operators.require_totp')).toHaveLength(2);
    await expectAuditClean(p);
  });

  it('a customer admin sets its own customer\'s rule, never the operators\' or another customer\'s', async () => {
    const teammate = await createUser(p, 'customer_developer', { customerId });
    const stranger = await createUser(p, 'customer_viewer', { customerId: otherCustomerId });
    expect((await customerAdmin.call('PATCH', '/settings/security', { requireTotp: true })).json.data).toEqual({ requireTotp: true });
    expect(await requires(customerId)).toBe(true);
    expect(await requires(otherCustomerId)).toBe(false);
    expect(await requires(null)).toBe(false);
    expect((await teammate.call('GET', '/settings/security')).json.data).toEqual({ requireTotp: true });
    expect((await stranger.call('GET', '/settings/security')).json.data).toEqual({ requireTotp: false });
    expectError(await teammate.call('GET', '/users'), 403, 'TOTP_ENROLMENT_REQUIRED');
    expect((await stranger.call('GET', '/users')).statusCode).toBe(200);
    const rows = await auditRowsFor(p, customerId);
    expect(rows.filter((r) => r.action === 'settings.security_update').map((r) => [r.target_type, r.customer_id, r.after]))
      .toEqual([['customer', customerId, { requireTotp: true }]]);
    await customerAdmin.call('PATCH', '/settings/security', { requireTotp: false });
  });

  it('a user without an authenticator cannot require one of everyone (the admin key can)', async () => {
    const before = await auditCount(p);
    const plainOwner = await createUser(p, 'owner');
    const plainCustomerAdmin = await createUser(p, 'customer_admin', { customerId });
    expectError(await plainOwner.call('PATCH', '/settings/security', { requireTotp: true }), 403, 'TOTP_NOT_ENROLLED');
    expectError(await plainCustomerAdmin.call('PATCH', '/settings/security', { requireTotp: true }), 403, 'TOTP_NOT_ENROLLED');
    expect(await auditCount(p)).toBe(before);
    expect(await requires(null)).toBe(false);
    expect(await requires(customerId)).toBe(false);
    // Turning it off needs no authenticator.
    expect((await plainOwner.call('PATCH', '/settings/security', { requireTotp: false })).statusCode).toBe(200);
  });

  it('roles without users.write get 403 and change nothing; the body is validated', async () => {
    const before = await auditCount(p);
    for (const user of [await createUser(p, 'admin'), await createUser(p, 'viewer'), await createUser(p, 'customer_developer', { customerId })]) {
      expectError(await user.call('PATCH', '/settings/security', { requireTotp: true }), 403, 'FORBIDDEN', user.role);
    }
    expectError(await owner.call('PATCH', '/settings/security', { requireTotp: 'yes' }), 400, 'VALIDATION_FAILED', 'requireTotp');
    expectError(await owner.call('PATCH', '/settings/security', {}), 400, 'VALIDATION_FAILED', 'requireTotp');
    expectError(await owner.call('PATCH', '/settings/security', { requireTotp: true, extra: 1 }), 400, 'VALIDATION_FAILED', 'extra');
    expect(await auditCount(p)).toBe(before);
    expect(await requires(null)).toBe(false);
    expect(await requires(customerId)).toBe(false);
  });
});
