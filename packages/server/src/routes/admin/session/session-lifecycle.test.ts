import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';
import { sessionAlive, signIn } from '../../../../test/sign-in-kit.ts';

describe('GET and DELETE /admin/v1/session, sign out everywhere', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p.close(); });

  it('GET answers the user, permissions and CSRF token; the admin key and no cookie are 401', async () => {
    const user = await createUser(p, 'viewer');
    const response = await user.call('GET', '/session');
    expect(response.statusCode).toBe(200);
    expect(response.json.data).toMatchObject({ user: { userId: user.userId, role: 'viewer' }, csrfToken: user.csrfToken, totpEnrolmentRequired: false });
    expect(response.json.data.permissions).toContain('cards.read');
    expect(response.json.data.permissions).not.toContain('customers.write');
    expect(JSON.stringify(response.json)).not.toMatch(/hash|scrypt/);
    const admin = await p.admin('GET', '/session');
    expect(admin.statusCode).toBe(401);
    expect(admin.json.errorCode).toBe('SIGN_IN_REQUIRED');
    expect((await p.app.inject({ method: 'GET', url: '/admin/v1/session' })).statusCode).toBe(401);
  });

  it('DELETE needs the CSRF token, then ends this session only and clears the cookie; not audited', async () => {
    const created = await createUser(p, 'support', { password: 'signout-unusual-passphrase' });
    const here = await signIn(p, created);
    const elsewhere = await signIn(p, created);
    const refused = await here.call('DELETE', '/session', undefined, { 'x-csrf-token': '' });
    expect(refused.json.errorCode).toBe('CSRF_TOKEN_INVALID');
    expect(await sessionAlive(p, here)).toBe(true);
    const auditBefore = (await auditRowsFor(p, created.userId)).length;
    const out = await here.call('DELETE', '/session');
    expect(out.statusCode).toBe(200);
    expect(out.json.data).toEqual({ sessionsEnded: 1 });
    const cleared = out.cookies.find((c) => c.name === 'cardepass_session')!;
    expect(cleared.value).toBe('');
    expect(new Date(cleared.expires!).getTime()).toBeLessThan(Date.now());
    expect(await sessionAlive(p, here)).toBe(false);
    expect(await sessionAlive(p, elsewhere)).toBe(true);
    expect(await auditRowsFor(p, created.userId)).toHaveLength(auditBefore);
  });

  it('sign-out-everywhere ends every session of the user (not others\'), with one audit row', async () => {
    const created = await createUser(p, 'admin', { password: 'everywhere-unusual-passphrase' });
    const sessions = [await signIn(p, created), await signIn(p, created), created];
    const bystander = await createUser(p, 'admin');
    expect((await sessions[0]!.call('POST', '/session/sign-out-everywhere', undefined, { 'x-csrf-token': 'nope' })).statusCode).toBe(403);
    const response = await sessions[0]!.call('POST', '/session/sign-out-everywhere');
    expect(response.statusCode).toBe(200);
    expect(response.json.data).toEqual({ sessionsEnded: 3 });
    for (const session of sessions) expect(await sessionAlive(p, session)).toBe(false);
    expect(await sessionAlive(p, bystander)).toBe(true);
    const rows = (await auditRowsFor(p, created.userId)).filter((r) => r.action === 'session.sign_out_everywhere');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: created.userId, after: { sessionsEnded: 3 } });
    expect((await p.admin('POST', '/session/sign-out-everywhere')).json.errorCode).toBe('SIGN_IN_REQUIRED');
    await expectAuditClean(p);
  });

  it('a session idle past the timeout is over; one in use stays', async () => {
    const created = await createUser(p, 'viewer', { password: 'idle-unusual-passphrase' });
    const idle = await signIn(p, created);
    const active = await signIn(p, created);
    const idleHash = (await p.store.db.selectFrom('user_sessions').select(['token_hash', 'csrf_token']).where('user_id', '=', created.userId).execute())
      .find((s) => s.csrf_token === idle.csrfToken)!.token_hash;
    await p.store.db.updateTable('user_sessions').set({ last_seen_at: new Date(Date.now() - (p.config.sessionIdleMinutes + 1) * 60_000) })
      .where('token_hash', '=', idleHash).execute();
    expect((await idle.call('GET', '/session')).json.errorCode).toBe('SIGN_IN_REQUIRED');
    expect(await sessionAlive(p, active)).toBe(true);
  });
});
