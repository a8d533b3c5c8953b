import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { auditCount, liveSessions, usersScene } from '../../../../test/users-kit.ts';

describe('PATCH /admin/v1/users/{userId}', () => {
  let p: TestPlatform;
  let customerId: string;
  let otherCustomerId: string;
  let owner: TestUser;
  let customerAdmin: TestUser;
  beforeAll(async () => {
    ({ p, customerId, otherCustomerId, owner, customerAdmin } = await usersScene());
  });
  afterAll(async () => { await p?.close(); });

  it('changes name and role, audited once with before and after', async () => {
    const target = await createUser(p, 'viewer');
    const response = await owner.call('PATCH', `/users/${target.userId}`, { name: 'Vera', role: 'support' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toMatchObject({ userId: target.userId, name: 'Vera', role: 'support', status: 'Active' });
    const rows = await auditRowsFor(p, target.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'user.update', actor_id: owner.userId, before: { role: 'viewer', name: null }, after: { role: 'support', name: 'Vera' } });
    // The new role applies to the user's open session at once.
    expect((await target.call('GET', '/users')).statusCode).toBe(200);
    // Nothing to change is no change: no second row.
    expect((await owner.call('PATCH', `/users/${target.userId}`, { role: 'support' })).statusCode).toBe(200);
    expect(await auditRowsFor(p, target.userId)).toHaveLength(1);
    await expectAuditClean(p);
  });

  it('disabling ends every session of the user at once, and enabling does not bring them back', async () => {
    const target = await createUser(p, 'support');
    const second = await p.app.ctx.sessions.create(target.userId, { ip: null, userAgent: null, totpEnrolmentRequired: false });
    expect(await liveSessions(p, target.userId)).toBe(2);
    expect((await target.call('GET', '/users')).statusCode).toBe(200);
    const response = await owner.call('PATCH', `/users/${target.userId}`, { status: 'Disabled' });
    expect(response.json.data.status).toBe('Disabled');
    expect(await liveSessions(p, target.userId)).toBe(0);
    expectError(await target.call('GET', '/users'), 401, 'SIGN_IN_REQUIRED');
    await owner.call('PATCH', `/users/${target.userId}`, { status: 'Active' });
    expectError(await target.call('GET', '/users'), 401, 'SIGN_IN_REQUIRED');
    expect(await p.app.ctx.sessions.authenticate(second.token)).toBeNull();
    expect((await auditRowsFor(p, target.userId)).map((r) => r.action)).toEqual(['user.update', 'user.update']);
  });

  it('nobody changes their own role or disables themselves; their name they may', async () => {
    const before = await auditCount(p);
    expectError(await owner.call('PATCH', `/users/${owner.userId}`, { role: 'admin' }), 403, 'USER_SELF_CHANGE');
    expectError(await owner.call('PATCH', `/users/${owner.userId}`, { status: 'Disabled' }), 403, 'USER_SELF_CHANGE');
    expectError(await customerAdmin.call('PATCH', `/users/${customerAdmin.userId}`, { role: 'customer_viewer' }), 403, 'USER_SELF_CHANGE');
    expect(await auditCount(p)).toBe(before);
    expect((await owner.call('PATCH', `/users/${owner.userId}`, { name: 'The Owner' })).json.data.name).toBe('The Owner');
  });

  it('never leaves zero active owners, even when both owners are removed at once', async () => {
    const { store } = p;
    // Only the two owners of this test may be active owners for its duration.
    const others = await store.db.updateTable('users').set({ status: 'Disabled' }).where('role', '=', 'owner').where('status', '=', 'Active').returning('id').execute();
    try {
      const a = await createUser(p, 'owner');
      const b = await createUser(p, 'owner');
      const before = await auditCount(p);
      // The admin key for both: a demoted owner's own session would lose users.write (403) and prove nothing about the lock.
      const [ab, ba] = await Promise.all([
        p.admin('PATCH', `/users/${b.userId}`, { role: 'admin' }),
        p.admin('PATCH', `/users/${a.userId}`, { status: 'Disabled' }),
      ]);
      expect([ab.statusCode, ba.statusCode].sort()).toEqual([200, 409]);
      expect([ab, ba].find((r) => r.statusCode === 409)!.json.errorCode).toBe('LAST_OWNER');
      expect(await auditCount(p)).toBe(before + 1);
      const active = await store.db.selectFrom('users').select('id').where('role', '=', 'owner').where('status', '=', 'Active').execute();
      expect(active).toHaveLength(1);
      expectError(await p.admin('PATCH', `/users/${active[0]!.id}`, { role: 'viewer' }), 409, 'LAST_OWNER');
      expectError(await p.admin('PATCH', `/users/${active[0]!.id}`, { status: 'Disabled' }), 409, 'LAST_OWNER');
      // A second owner makes the first removable again.
      const c = await createUser(p, 'owner');
      expect((await c.call('PATCH', `/users/${active[0]!.id}`, { role: 'admin' })).statusCode).toBe(200);
    } finally {
      await store.db.updateTable('users').set({ status: 'Active' }).where('id', 'in', others.map((o) => o.id)).execute();
    }
    await expectAuditClean(p);
  });

  it('a customer admin manages its own customer\'s users with customer roles only', async () => {
    const teammate = await createUser(p, 'customer_viewer', { customerId });
    expect((await customerAdmin.call('PATCH', `/users/${teammate.userId}`, { role: 'customer_developer' })).json.data.role).toBe('customer_developer');
    const stranger = await createUser(p, 'customer_viewer', { customerId: otherCustomerId });
    const operator = await createUser(p, 'viewer');
    const before = await auditCount(p);
    expectError(await customerAdmin.call('PATCH', `/users/${stranger.userId}`, { status: 'Disabled' }), 404, 'USER_NOT_FOUND');
    expectError(await customerAdmin.call('PATCH', `/users/${operator.userId}`, { status: 'Disabled' }), 404, 'USER_NOT_FOUND');
    expectError(await customerAdmin.call('PATCH', `/users/${owner.userId}`, { name: 'pwned' }), 404, 'USER_NOT_FOUND');
    expectError(await customerAdmin.call('PATCH', `/users/${teammate.userId}`, { role: 'owner' }), 403, 'ROLE_NOT_ASSIGNABLE', 'owner');
    expectError(await customerAdmin.call('PATCH', `/users/${teammate.userId}`, { role: 'admin' }), 403, 'ROLE_NOT_ASSIGNABLE');
    expect(await auditCount(p)).toBe(before);
    expect((await p.store.db.selectFrom('users').select(['status', 'name']).where('id', 'in', [stranger.userId, operator.userId, owner.userId]).execute())
      .every((u) => u.status === 'Active' && u.name !== 'pwned')).toBe(true);
  });

  it('refuses moving a user between operator and customer roles, unknown users, bad bodies, and roles without users.write', async () => {
    const customerUser = await createUser(p, 'customer_viewer', { customerId });
    expectError(await owner.call('PATCH', `/users/${customerUser.userId}`, { role: 'admin' }), 400, 'VALIDATION_FAILED', 'role');
    expectError(await owner.call('PATCH', '/users/USRNOSUCHUSER', { name: 'x' }), 404, 'USER_NOT_FOUND');
    expectError(await owner.call('PATCH', `/users/${customerUser.userId}`, {}), 400, 'VALIDATION_FAILED');
    expectError(await owner.call('PATCH', `/users/${customerUser.userId}`, { status: 'Deleted' }), 400, 'VALIDATION_FAILED', 'status');
    expectError(await owner.call('PATCH', `/users/${customerUser.userId}`, { email: 'x@example.test' }), 400, 'VALIDATION_FAILED', 'email');
    for (const role of ['admin', 'support', 'viewer'] as const) {
      expectError(await (await createUser(p, role)).call('PATCH', `/users/${customerUser.userId}`, { name: 'x' }), 403, 'FORBIDDEN');
    }
    expectError(await (await createUser(p, 'customer_developer', { customerId })).call('PATCH', `/users/${customerUser.userId}`, { name: 'x' }), 403, 'FORBIDDEN');
  });
});
