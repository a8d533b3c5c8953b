import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';
import { postSession, sessionAlive, signIn, signInFailuresOf } from '../../../../test/sign-in-kit.ts';

describe('POST /admin/v1/me/password', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p.close(); });

  it('changes the password, ends the other sessions, keeps this one, one audit row without secrets', async () => {
    const created = await createUser(p, 'support', { password: 'old-unusual-passphrase' });
    const here = await signIn(p, created);
    const other = await signIn(p, created);
    const response = await here.call('POST', '/me/password', { currentPassword: created.password, newPassword: 'new-unusual-passphrase-7' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({ sessionsEnded: 2 });
    expect(await sessionAlive(p, here)).toBe(true);
    expect(await sessionAlive(p, other)).toBe(false);
    expect((await postSession(p, { email: created.email, password: created.password })).json.errorCode).toBe('SIGN_IN_FAILED');
    expect((await postSession(p, { email: created.email, password: 'new-unusual-passphrase-7' })).statusCode).toBe(200);
    const rows = (await auditRowsFor(p, created.userId)).filter((r) => r.action === 'user.password_change');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify([rows[0]!.before, rows[0]!.after])).not.toContain('passphrase');
    await expectAuditClean(p);
  });

  it('refuses weak passwords with 400 PASSWORD_TOO_WEAK naming newPassword, in English and Chinese', async () => {
    const user = await createUser(p, 'viewer', { email: `margaret.hamilton-${Date.now()}@example.test`, password: 'current-unusual-passphrase' });
    const localPart = user.email.split('@')[0]!;
    const cases: Array<[string, RegExp]> = [
      ['short-pw', /at least 12/],
      ['password1234', /commonly used/],
      ['Qwerty123456', /commonly used/],
      [`${localPart.toUpperCase()}!2024`, /e-mail/],
      ['x'.repeat(257), /at most 256/],
    ];
    for (const [newPassword, reason] of cases) {
      const response = await user.call('POST', '/me/password', { currentPassword: user.password, newPassword });
      expect(response.statusCode, newPassword).toBe(400);
      expect(response.json.errorCode).toBe('PASSWORD_TOO_WEAK');
      expect(response.json.errorMessage).toContain("'newPassword'");
      expect(response.json.errorMessage).toMatch(reason);
    }
    const chinese = await user.call('POST', '/me/password', { currentPassword: user.password, newPassword: 'password1234' }, { 'accept-language': 'zh-CN' });
    expect(chinese.json.errorMessage).toContain('常用密码');
    // Unchanged: the current password still signs in; nothing audited.
    expect((await postSession(p, { email: user.email, password: user.password })).statusCode).toBe(200);
    expect((await auditRowsFor(p, user.userId)).filter((r) => r.action === 'user.password_change')).toEqual([]);
  });

  it('a wrong current password is 400 naming currentPassword and counts against the sign-in throttle', async () => {
    const user = await createUser(p, 'viewer', { password: 'current-unusual-passphrase' });
    const response = await user.call('POST', '/me/password', { currentPassword: 'guess-unusual-passphrase', newPassword: 'fresh-unusual-passphrase' });
    expect(response.statusCode).toBe(400);
    expect(response.json.errorMessage).toContain('currentPassword');
    expect(await signInFailuresOf(p, user.email)).toBe(1);
  });

  it('needs the CSRF token; the admin key has no password', async () => {
    const user = await createUser(p, 'viewer', { password: 'current-unusual-passphrase' });
    expect((await user.call('POST', '/me/password', { currentPassword: user.password, newPassword: 'fresh-unusual-passphrase' }, { 'x-csrf-token': 'x' })).json.errorCode).toBe('CSRF_TOKEN_INVALID');
    expect((await p.admin('POST', '/me/password', { currentPassword: 'a', newPassword: 'fresh-unusual-passphrase' })).json.errorCode).toBe('SIGN_IN_REQUIRED');
  });
});
