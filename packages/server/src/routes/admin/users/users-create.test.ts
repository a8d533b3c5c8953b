import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { auditCount, auditText, consumeLink, linkToken, signInStatus, usersScene } from '../../../../test/users-kit.ts';

describe('POST /admin/v1/users', () => {
  let p: TestPlatform;
  let customerId: string;
  let otherCustomerId: string;
  let owner: TestUser;
  let customerAdmin: TestUser;
  beforeAll(async () => {
    ({ p, customerId, otherCustomerId, owner, customerAdmin } = await usersScene());
  });
  afterAll(async () => { await p?.close(); });

  it('creates a user without a password and a one-time link that sets one; audited once, without the token', async () => {
    const response = await owner.call('POST', '/users', { email: 'New.Admin@Example.test', name: 'New Admin', role: 'admin' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { user, passwordLink } = response.json.data;
    expect(user).toMatchObject({ email: 'New.Admin@Example.test', name: 'New Admin', role: 'admin', customerId: null, status: 'Active', passwordSet: false, totpEnabled: false, lastSignInOn: null });
    const expiresIn = Date.parse(passwordLink.expiresOn) - Date.now();
    expect(expiresIn).toBeGreaterThan(71 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(72 * 3_600_000);
    const token = linkToken(passwordLink.url);
    const rows = await auditRowsFor(p, user.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'user.create', target_type: 'user', actor_type: 'user', actor_id: owner.userId, customer_id: null });
    expect(auditText(rows[0])).not.toContain(token);
    // The invited user cannot sign in until the link is used; then (case-insensitive address) they can, once.
    expect(await signInStatus(p, 'new.admin@example.test')).toBe(401);
    expect((await consumeLink(p, token)).statusCode).toBe(200);
    expect(await signInStatus(p, 'new.admin@example.test')).toBe(200);
    expect((await consumeLink(p, token)).statusCode).toBe(400);
    await expectAuditClean(p);
  });

  it('a customer admin creates users of its own customer only, with customer roles', async () => {
    const implied = await customerAdmin.call('POST', '/users', { email: 'dev1@example.test', role: 'customer_developer' });
    expect(implied.statusCode, implied.body).toBe(200);
    expect(implied.json.data.user).toMatchObject({ role: 'customer_developer', customerId });
    const named = await customerAdmin.call('POST', '/users', { email: 'viewer1@example.test', role: 'customer_viewer', customerId });
    expect(named.json.data.user.customerId).toBe(customerId);
    const before = await auditCount(p);
    expectError(await customerAdmin.call('POST', '/users', { email: 'x1@example.test', role: 'customer_viewer', customerId: otherCustomerId }), 404, 'CUSTOMER_NOT_FOUND');
    for (const role of ['owner', 'admin', 'support', 'viewer']) {
      expectError(await customerAdmin.call('POST', '/users', { email: `x-${role}@example.test`, role }), 403, 'ROLE_NOT_ASSIGNABLE', role);
    }
    expect(await auditCount(p)).toBe(before);
    expect(await p.store.db.selectFrom('users').select('id').where('email_key', 'like', 'x%@example.test').execute()).toEqual([]);
  });

  it('customer roles need a customer, operator roles refuse one; unknown customers are 404', async () => {
    const before = await auditCount(p);
    expectError(await owner.call('POST', '/users', { email: 'c1@example.test', role: 'customer_admin' }), 400, 'VALIDATION_FAILED', 'customerId');
    expectError(await owner.call('POST', '/users', { email: 'c2@example.test', role: 'support', customerId }), 400, 'VALIDATION_FAILED', 'customerId');
    expectError(await owner.call('POST', '/users', { email: 'c3@example.test', role: 'customer_admin', customerId: 'CUSNOSUCHCUSTOMER' }), 404, 'CUSTOMER_NOT_FOUND');
    const created = await owner.call('POST', '/users', { email: 'c4@example.test', role: 'customer_admin', customerId: otherCustomerId });
    expect(created.json.data.user).toMatchObject({ role: 'customer_admin', customerId: otherCustomerId });
    expect(await auditCount(p)).toBe(before + 1);
  });

  it('a duplicate e-mail (any case) is 409 USER_EXISTS, also when two invitations race', async () => {
    await owner.call('POST', '/users', { email: 'dup@example.test', role: 'viewer' });
    expectError(await owner.call('POST', '/users', { email: 'DUP@example.TEST', role: 'support' }), 409, 'USER_EXISTS', 'DUP@example.TEST');
    const racing = await Promise.all([0, 1, 2, 3].map(() => owner.call('POST', '/users', { email: 'race@example.test', role: 'viewer' })));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const users = await p.store.db.selectFrom('users').select('id').where('email_key', '=', 'race@example.test').execute();
    expect(users).toHaveLength(1);
    expect(await auditRowsFor(p, users[0]!.id)).toHaveLength(1);
    await expectAuditClean(p);
  });

  it('validates the body, naming the field', async () => {
    expectError(await owner.call('POST', '/users', { email: 'not-an-address', role: 'viewer' }), 400, 'VALIDATION_FAILED', 'email');
    expectError(await owner.call('POST', '/users', { email: 'r@example.test', role: 'superuser' }), 400, 'VALIDATION_FAILED', 'role');
    expectError(await owner.call('POST', '/users', { email: 'r@example.test', role: 'viewer', password: 'x' }), 400, 'VALIDATION_FAILED', 'password');
    expectError(await owner.call('POST', '/users', { email: 'r@example.test', role: 'viewer', name: '' }), 400, 'VALIDATION_FAILED', 'name');
  });

  it('roles without users.write get 403; the admin key may create any user', async () => {
    for (const role of ['admin', 'support', 'viewer'] as const) {
      const user = await createUser(p, role);
      expectError(await user.call('POST', '/users', { email: `by-${role}@example.test`, role: 'viewer' }), 403, 'FORBIDDEN', role);
    }
    for (const role of ['customer_developer', 'customer_viewer'] as const) {
      const user = await createUser(p, role, { customerId });
      expectError(await user.call('POST', '/users', { email: `by-${role}@example.test`, role: 'customer_viewer' }), 403, 'FORBIDDEN', role);
    }
    const byKey = await p.admin('POST', '/users', { email: 'by-key@example.test', role: 'owner' });
    expect(byKey.statusCode, byKey.body).toBe(200);
    const [row] = await auditRowsFor(p, byKey.json.data.user.userId);
    expect(row).toMatchObject({ action: 'user.create', actor_type: 'admin_key' });
  });
});
