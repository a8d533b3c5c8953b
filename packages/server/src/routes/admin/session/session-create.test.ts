import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';
import { endThrottleWindows, postSession, sessionTokenOf, signIn } from '../../../../test/sign-in-kit.ts';

describe('POST /admin/v1/session: sign-in', () => {
  let p: TestPlatform;
  let customerId: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    ({ customerId } = await p.customer());
  });
  afterAll(async () => { await p.close(); });

  it('signs in: HttpOnly SameSite=Strict cookie without Secure on plain-http localhost, the session, an audit row', async () => {
    const user = await createUser(p, 'support', { password: 'a-long-and-unusual-passphrase' });
    const response = await postSession(p, { email: user.email.toUpperCase(), password: user.password }, { host: 'localhost:8080' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const cookie = response.cookies.find((c) => c.name === 'cardepass_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeUndefined();
    expect(response.json.data).toMatchObject({
      user: { userId: user.userId, email: user.email, role: 'support', status: 'Active', totpEnabled: false, passwordSet: true },
      totpEnrolmentRequired: false, permissions: expect.arrayContaining(['customers.read']),
    });
    expect(response.json.data.user.lastSignInOn).not.toBeNull();
    expect(response.json.data.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // The cookie opens the operator API; the answer carries no password or hash.
    const session = await signIn(p, user);
    expect((await session.call('GET', '/customers')).statusCode).toBe(200);
    expect(response.body).not.toContain(user.password);
    const rows = (await auditRowsFor(p, user.userId)).filter((r) => r.action === 'session.sign_in');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: user.userId, actor_label: user.email, target_type: 'user' });
    expect(JSON.stringify(rows.map((r) => [r.before, r.after]))).not.toContain(user.password);
    await expectAuditClean(p);
  });

  it('off localhost the cookie is __Host- and Secure', async () => {
    const user = await createUser(p, 'viewer', { password: 'another-unusual-passphrase' });
    const response = await postSession(p, { email: user.email, password: user.password }, { host: 'console.example.com' });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === '__Host-cardepass_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(cookie.domain).toBeUndefined();
    expect(response.cookies.find((c) => c.name === 'cardepass_session')).toBeUndefined();
  });

  it('wrong password, unknown address, disabled user and user without a password get the same 401, no cookie, no audit', async () => {
    const user = await createUser(p, 'admin', { password: 'the-right-passphrase-42' });
    const disabled = await createUser(p, 'customer_admin', { customerId, password: 'disabled-users-passphrase' });
    await p.store.db.updateTable('users').set({ status: 'Disabled' }).where('id', '=', disabled.userId).execute();
    const invited = await createUser(p, 'viewer');
    await p.store.db.updateTable('users').set({ password_hash: null }).where('id', '=', invited.userId).execute();
    const auditBefore = await p.store.db.selectFrom('audit_log').select(p.store.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const answers = [
      await postSession(p, { email: user.email, password: 'the-wrong-passphrase-42' }),
      await postSession(p, { email: 'nobody@example.test', password: 'the-right-passphrase-42' }),
      await postSession(p, { email: disabled.email, password: disabled.password }),
      await postSession(p, { email: invited.email, password: '' + invited.password }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json).toMatchObject({ hasError: true, errorCode: 'SIGN_IN_FAILED', data: null });
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    expect(new Set(answers.map((a) => a.json.errorMessage)).size).toBe(1);
    const auditAfter = await p.store.db.selectFrom('audit_log').select(p.store.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(auditAfter.n).toBe(auditBefore.n);
  });

  it('validates the body: 400 naming the field, unknown fields refused', async () => {
    expect((await postSession(p, { email: 'not-an-address', password: 'x' })).json).toMatchObject({ errorCode: 'VALIDATION_FAILED' });
    const extra = await postSession(p, { email: 'a@b.c', password: 'x', role: 'owner' });
    expect(extra.statusCode).toBe(400);
    const code = await postSession(p, { email: 'a@b.c', password: 'x', totpCode: '12345' });
    expect(code.json.errorMessage).toContain('totpCode');
  });

  it('an organisation requiring two-factor lets a user without it only enrol', async () => {
    await p.store.db.updateTable('customers').set({ require_totp: true }).where('id', '=', customerId).execute();
    const member = await createUser(p, 'customer_viewer', { customerId, password: 'member-unusual-passphrase' });
    const session = await signIn(p, member);
    expect((await session.call('GET', '/session')).json.data.totpEnrolmentRequired).toBe(true);
    expect((await session.call('GET', '/customers')).json.errorCode).toBe('TOTP_ENROLMENT_REQUIRED');
    expect((await session.call('POST', '/me/totp')).statusCode).toBe(200);
    await p.store.db.updateTable('customers').set({ require_totp: false }).where('id', '=', customerId).execute();
  });
});

describe('POST /admin/v1/session: failed sign-ins are throttled', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ config: { signInFailuresPerAccount: 3, signInFailuresPerIp: 1_000_000, authLockoutWindowSeconds: 3600 } }); });
  afterAll(async () => { await p.close(); });

  it('locks the account after N failures: 429 with Retry-After, even for the right password', async () => {
    const user = await createUser(p, 'admin', { password: 'throttled-unusual-passphrase' });
    for (let i = 0; i < 3; i++) expect((await postSession(p, { email: user.email, password: `wrong-${i}-passphrase` })).json.errorCode).toBe('SIGN_IN_FAILED');
    const locked = await postSession(p, { email: user.email.toUpperCase(), password: user.password });
    expect(locked.statusCode).toBe(429);
    expect(locked.json.errorCode).toBe('TOO_MANY_FAILED_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not locked by this one.
    const other = await createUser(p, 'viewer', { password: 'other-unusual-passphrase' });
    expect((await postSession(p, { email: other.email, password: other.password })).statusCode).toBe(200);
    // The window ended: the right password works again.
    await endThrottleWindows(p);
    const after = await postSession(p, { email: user.email, password: user.password });
    expect(after.statusCode).toBe(200);
    expect(sessionTokenOf(after)).toBeTruthy();
  });

  // A platform of its own (its own limits): slow to create on PGlite when the machine is busy.
  it('locks an address after N failures across accounts', { timeout: 180_000 }, async () => {
    const q = await createTestPlatform({ config: { signInFailuresPerAccount: 1_000_000, signInFailuresPerIp: 2, authLockoutWindowSeconds: 3600 } });
    try {
      await postSession(q, { email: 'a@example.test', password: 'x' });
      await postSession(q, { email: 'b@example.test', password: 'x' });
      const third = await postSession(q, { email: 'c@example.test', password: 'x' });
      expect(third.statusCode).toBe(429);
      // Another address is not locked.
      const elsewhere = await q.app.inject({ method: 'POST', url: '/admin/v1/session', remoteAddress: '10.1.2.3', payload: { email: 'c@example.test', password: 'x' } });
      expect(elsewhere.json().errorCode).toBe('SIGN_IN_FAILED');
    } finally { await q.close(); }
  });
});
