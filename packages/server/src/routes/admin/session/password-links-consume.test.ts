import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';
import { postSession, sessionAlive } from '../../../../test/sign-in-kit.ts';

describe('POST /admin/v1/password-links/consume', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ config: { signInFailuresPerIp: 1_000_000 } }); });
  afterAll(async () => { await p.close(); });

  const consume = async (body: Record<string, unknown>, remoteAddress = '127.0.0.1') => {
    const response = await p.app.inject({ method: 'POST', url: '/admin/v1/password-links/consume', payload: body, remoteAddress });
    return Object.assign(response, { json: response.json() });
  };

  it('sets the password once, ends the user\'s sessions and other links, one audit row by the user', async () => {
    const user = await createUser(p, 'support', { password: 'forgotten-unusual-passphrase' });
    const link = await p.app.ctx.users.createPasswordLink(user.userId, 'reset', 'admin-key');
    const other = await p.app.ctx.users.createPasswordLink(user.userId, 'reset', 'admin-key');
    const stored = await p.store.db.selectFrom('password_links').selectAll().where('user_id', '=', user.userId).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(link.token);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const response = await consume({ token: link.token, password: 'chosen-unusual-passphrase' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({ email: user.email });
    expect(await sessionAlive(p, user)).toBe(false);
    expect((await postSession(p, { email: user.email, password: 'chosen-unusual-passphrase' })).statusCode).toBe(200);
    // Used: the same link again, and the user's other open link, are refused.
    for (const token of [link.token, other.token]) {
      const again = await consume({ token, password: 'another-unusual-passphrase' });
      expect(again.statusCode).toBe(400);
      expect(again.json.errorCode).toBe('RESET_LINK_INVALID');
    }
    const rows = (await auditRowsFor(p, user.userId)).filter((r) => r.action === 'user.password_set');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: user.userId, after: { purpose: 'reset' } });
    await expectAuditClean(p);
  });

  it('an invitation link lasts 72 hours and sets a first password', async () => {
    const user = await createUser(p, 'viewer');
    await p.store.db.updateTable('users').set({ password_hash: null }).where('id', '=', user.userId).execute();
    const link = await p.app.ctx.users.createPasswordLink(user.userId, 'invite', 'admin-key');
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(71.9 * 3_600_000);
    expect((await consume({ token: link.token, password: 'first-unusual-passphrase' })).statusCode).toBe(200);
    expect((await postSession(p, { email: user.email, password: 'first-unusual-passphrase' })).statusCode).toBe(200);
  });

  it('refuses an expired or unknown link, and a weak password without using up the link', async () => {
    const user = await createUser(p, 'viewer', { email: `grace.hopper-${Date.now()}@example.test` });
    const expired = await p.app.ctx.users.createPasswordLink(user.userId, 'reset', 'admin-key');
    await p.store.db.updateTable('password_links').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.userId).execute();
    expect((await consume({ token: expired.token, password: 'chosen-unusual-passphrase' })).json.errorCode).toBe('RESET_LINK_INVALID');
    expect((await consume({ token: 'made-up-token', password: 'chosen-unusual-passphrase' })).json.errorCode).toBe('RESET_LINK_INVALID');
    const link = await p.app.ctx.users.createPasswordLink(user.userId, 'reset', 'admin-key');
    const weak = await consume({ token: link.token, password: 'grace.hopper-1906' + user.email.split('@')[0] });
    expect(weak.statusCode).toBe(400);
    expect(weak.json.errorCode).toBe('PASSWORD_TOO_WEAK');
    expect(weak.json.errorMessage).toContain("'password'");
    expect((await consume({ token: link.token, password: 'iloveyou' })).json.errorCode).toBe('PASSWORD_TOO_WEAK');
    expect((await consume({ token: link.token, password: 'strong-unusual-passphrase' })).statusCode).toBe(200);
    expect((await consume({ token: link.token })).statusCode).toBe(400);
  });

  it('guesses are throttled per address', { timeout: 180_000 }, async () => {
    const q = await createTestPlatform({ config: { signInFailuresPerIp: 2, authLockoutWindowSeconds: 3600 } });
    try {
      const guess = () => q.app.inject({ method: 'POST', url: '/admin/v1/password-links/consume', payload: { token: 'guess', password: 'chosen-unusual-passphrase' }, remoteAddress: '10.9.9.9' });
      expect((await guess()).json().errorCode).toBe('RESET_LINK_INVALID');
      expect((await guess()).json().errorCode).toBe('RESET_LINK_INVALID');
      const locked = await guess();
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['retry-after']).toBeDefined();
    } finally { await q.close(); }
  });
});
