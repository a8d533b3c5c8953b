import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { auditCount, auditText, consumeLink, linkToken, liveSessions, signInStatus, usersScene } from '../../../../test/users-kit.ts';

describe('POST /admin/v1/users/{userId}/password-link, /sign-out, /totp/reset', () => {
  let p: TestPlatform;
  let customerId: string;
  let otherCustomerId: string;
  let owner: TestUser;
  let customerAdmin: TestUser;
  beforeAll(async () => {
    ({ p, customerId, otherCustomerId, owner, customerAdmin } = await usersScene());
  });
  afterAll(async () => { await p?.close(); });

  it('a reset link replaces older links, ends the user\'s sessions, sets a new password once; audited without the token', async () => {
    const target = await createUser(p, 'support', { password: 'the-old-password-of-support-1' });
    const first = await owner.call('POST', `/users/${target.userId}/password-link`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const expiresIn = Date.parse(first.json.data.passwordLink.expiresOn) - Date.now();
    expect(expiresIn).toBeGreaterThan(23 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3_600_000);
    expect(first.json.data.user.userId).toBe(target.userId);
    expectError(await target.call('GET', '/users'), 401, 'SIGN_IN_REQUIRED');
    const second = await owner.call('POST', `/users/${target.userId}/password-link`);
    expect((await consumeLink(p, linkToken(first.json.data.passwordLink.url))).statusCode).toBe(400);
    const token = linkToken(second.json.data.passwordLink.url);
    expect((await consumeLink(p, token, 'a-brand-new-passphrase-for-support')).statusCode).toBe(200);
    expect(await signInStatus(p, target.email, 'a-brand-new-passphrase-for-support')).toBe(200);
    const resets = (await auditRowsFor(p, target.userId)).filter((r) => r.action === 'user.password_reset');
    expect(resets).toHaveLength(2);
    expect(auditText(resets)).not.toContain(token);
    await expectAuditClean(p);
  });

  it('a customer admin resets its own team only; nobody resets themselves here', async () => {
    const teammate = await createUser(p, 'customer_developer', { customerId });
    expect((await customerAdmin.call('POST', `/users/${teammate.userId}/password-link`)).statusCode).toBe(200);
    const stranger = await createUser(p, 'customer_admin', { customerId: otherCustomerId });
    const before = await auditCount(p);
    expectError(await customerAdmin.call('POST', `/users/${stranger.userId}/password-link`), 404, 'USER_NOT_FOUND');
    expectError(await customerAdmin.call('POST', `/users/${owner.userId}/password-link`), 404, 'USER_NOT_FOUND');
    expectError(await customerAdmin.call('POST', `/users/${customerAdmin.userId}/password-link`), 403, 'USER_SELF_CHANGE');
    expectError(await owner.call('POST', `/users/${owner.userId}/password-link`), 403, 'USER_SELF_CHANGE');
    expectError(await owner.call('POST', '/users/USRNOSUCHUSER/password-link'), 404, 'USER_NOT_FOUND');
    expect(await auditCount(p)).toBe(before);
    // The stranger's session and password are untouched.
    expect((await stranger.call('GET', '/users')).statusCode).toBe(200);
    expect(await p.store.db.selectFrom('password_links').select('token_hash').where('user_id', '=', stranger.userId).execute()).toEqual([]);
  });

  it('sign-out ends every session of the user and answers how many; audited once', async () => {
    const target = await createUser(p, 'viewer');
    await p.app.ctx.sessions.create(target.userId, { ip: null, userAgent: null, totpEnrolmentRequired: false });
    const response = await owner.call('POST', `/users/${target.userId}/sign-out`);
    expect(response.json).toMatchObject({ hasError: false, data: { sessionsEnded: 2 } });
    expect(await liveSessions(p, target.userId)).toBe(0);
    expectError(await target.call('GET', '/users'), 401, 'SIGN_IN_REQUIRED');
    expect((await auditRowsFor(p, target.userId)).map((r) => [r.action, r.after])).toEqual([['user.sign_out_everywhere', { sessionsEnded: 2 }]]);
    expect((await owner.call('POST', `/users/${target.userId}/sign-out`)).json.data.sessionsEnded).toBe(0);
    const stranger = await createUser(p, 'customer_viewer', { customerId: otherCustomerId });
    expectError(await customerAdmin.call('POST', `/users/${stranger.userId}/sign-out`), 404, 'USER_NOT_FOUND');
    expect(await liveSessions(p, stranger.userId)).toBe(1);
  });

  it('a two-factor reset clears the authenticator and recovery codes; audited once', async () => {
    const target = await createUser(p, 'customer_viewer', { customerId });
    await p.store.db.updateTable('users').set({ totp_secret_enc: 'sealed', totp_key_version: 1, totp_enabled_at: new Date(), totp_last_step: 5, recovery_code_hashes: ['h1', 'h2'] })
      .where('id', '=', target.userId).execute();
    expect((await customerAdmin.call('GET', `/users/${target.userId}`)).json.data.totpEnabled).toBe(true);
    const response = await customerAdmin.call('POST', `/users/${target.userId}/totp/reset`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data.totpEnabled).toBe(false);
    const row = await p.store.db.selectFrom('users').selectAll().where('id', '=', target.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ totp_secret_enc: null, totp_key_version: null, totp_enabled_at: null, totp_last_step: null, recovery_code_hashes: [] });
    expect((await auditRowsFor(p, target.userId)).map((r) => [r.action, r.before, r.after])).toEqual([['user.totp_reset', { totpEnabled: true }, { totpEnabled: false }]]);
    expectError(await customerAdmin.call('POST', `/users/${customerAdmin.userId}/totp/reset`), 403, 'USER_SELF_CHANGE');
    expectError(await customerAdmin.call('POST', `/users/${owner.userId}/totp/reset`), 404, 'USER_NOT_FOUND');
  });

  it('roles without users.write get 403 on all three, changing nothing', async () => {
    const target = await createUser(p, 'customer_viewer', { customerId });
    const before = await auditCount(p);
    for (const user of [await createUser(p, 'admin'), await createUser(p, 'support'), await createUser(p, 'customer_developer', { customerId })]) {
      for (const path of ['password-link', 'sign-out', 'totp/reset']) {
        expectError(await user.call('POST', `/users/${target.userId}/${path}`), 403, 'FORBIDDEN', user.role);
      }
    }
    expect(await auditCount(p)).toBe(before);
    expect(await liveSessions(p, target.userId)).toBe(1);
  });
});
