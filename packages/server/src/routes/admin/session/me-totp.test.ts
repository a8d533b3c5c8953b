import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';
import { postSession, signIn, signInFailuresOf, totpCodeOf } from '../../../../test/sign-in-kit.ts';

describe('two-factor: enrol, sign in with codes, recovery codes, disable', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p.close(); });

  /** Enrols the user's app through the routes; answers the secret and the recovery codes. */
  async function enrol(user: TestUser) {
    const start = await user.call('POST', '/me/totp');
    expect(start.statusCode, start.body).toBe(200);
    const { secret, otpauthUri, qrSvg } = start.json.data;
    const confirm = await user.call('POST', '/me/totp/confirm', { totpCode: totpCodeOf(secret) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    return { secret, otpauthUri, qrSvg, recoveryCodes: confirm.json.data.recoveryCodes as string[] };
  }

  it('enrolment answers a secret, its otpauth URI and an SVG QR code; stored sealed; nothing in force until confirmed', async () => {
    const user = await createUser(p, 'admin', { password: 'enrolment-unusual-passphrase' });
    const start = await user.call('POST', '/me/totp');
    expect(start.headers['cache-control']).toBe('no-store');
    const { secret, otpauthUri, qrSvg } = start.json.data;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(`otpauth://totp/Cardepass:${encodeURIComponent(user.email)}?issuer=Cardepass&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(qrSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const row = await p.store.db.selectFrom('users').selectAll().where('id', '=', user.userId).executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).toMatch(/^v1\./);
    expect(row.totp_secret_enc).not.toContain(secret);
    expect(row.totp_enabled_at).toBeNull();
    // Not in force: signing in needs no code yet.
    expect((await postSession(p, { email: user.email, password: user.password })).statusCode).toBe(200);
    // A wrong first code does not enable it.
    const wrong = await user.call('POST', '/me/totp/confirm', { totpCode: totpCodeOf(secret, Date.now() - 10 * 60_000) });
    expect(wrong.json.errorCode).toBe('TOTP_INVALID');
    expect(await auditRowsFor(p, user.userId)).toEqual(expect.not.arrayContaining([expect.objectContaining({ action: 'user.totp_enable' })]));
  });

  it('end to end: the password alone is TOTP_REQUIRED (not counted), a right code signs in once, a replayed code is refused', async () => {
    const user = await createUser(p, 'support', { password: 'totp-flow-unusual-passphrase' });
    const { secret, recoveryCodes } = await enrol(user);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // 409 on a second enrolment while one is in force.
    expect((await user.call('POST', '/me/totp')).json.errorCode).toBe('TOTP_ALREADY_ENABLED');
    const noCode = await postSession(p, { email: user.email, password: user.password });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json.errorCode).toBe('TOTP_REQUIRED');
    expect(noCode.headers['set-cookie']).toBeUndefined();
    expect(await signInFailuresOf(p, user.email)).toBe(0);
    // A wrong password with a right code is still SIGN_IN_FAILED.
    expect((await postSession(p, { email: user.email, password: 'not-the-passphrase', totpCode: totpCodeOf(secret) })).json.errorCode).toBe('SIGN_IN_FAILED');
    // The confirm code's step was recorded: the code that enabled it cannot sign in; the next step's can, once.
    const next = totpCodeOf(secret, Date.now() + 30_000);
    const first = await postSession(p, { email: user.email, password: user.password, totpCode: next });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json.data.user.totpEnabled).toBe(true);
    const replay = await postSession(p, { email: user.email, password: user.password, totpCode: next });
    expect(replay.statusCode).toBe(401);
    expect(replay.json.errorCode).toBe('TOTP_INVALID');
    expect(await signInFailuresOf(p, user.email)).toBe(2);
    const rows = await auditRowsFor(p, user.userId);
    expect(rows.filter((r) => r.action === 'user.totp_enable')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'session.sign_in').at(-1)!.after).toMatchObject({ secondFactor: 'totp' });
    await expectAuditClean(p);
  });

  it('a recovery code signs in once (any case, without the hyphen), then is gone', async () => {
    const user = await createUser(p, 'viewer', { password: 'recovery-unusual-passphrase' });
    const { recoveryCodes } = await enrol(user);
    const stored = await p.store.db.selectFrom('users').select('recovery_code_hashes').where('id', '=', user.userId).executeTakeFirstOrThrow();
    expect(stored.recovery_code_hashes).toHaveLength(10);
    for (const hash of stored.recovery_code_hashes) expect(hash).toMatch(/^scrypt\$/);
    const code = recoveryCodes[3]!;
    const used = await postSession(p, { email: user.email, password: user.password, recoveryCode: code.toUpperCase().replace('-', '') });
    expect(used.statusCode, used.body).toBe(200);
    const again = await postSession(p, { email: user.email, password: user.password, recoveryCode: code });
    expect(again.json.errorCode).toBe('TOTP_INVALID');
    const left = await p.store.db.selectFrom('users').select('recovery_code_hashes').where('id', '=', user.userId).executeTakeFirstOrThrow();
    expect(left.recovery_code_hashes).toHaveLength(9);
    // Another code still works.
    expect((await postSession(p, { email: user.email, password: user.password, recoveryCode: recoveryCodes[0] })).statusCode).toBe(200);
  });

  it('confirming clears a session that could only enrol', async () => {
    await p.store.db.insertInto('settings').values({ key: 'operators.require_totp', value: 'true' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'true' })).execute();
    try {
      const created = await createUser(p, 'admin', { password: 'required-unusual-passphrase' });
      const session = await signIn(p, created);
      expect((await session.call('GET', '/customers')).json.errorCode).toBe('TOTP_ENROLMENT_REQUIRED');
      const { secret } = await enrol(session);
      expect((await session.call('GET', '/customers')).statusCode).toBe(200);
      expect((await session.call('GET', '/session')).json.data.totpEnrolmentRequired).toBe(false);
      // Required: it cannot be turned off.
      const refused = await session.call('POST', '/me/totp/disable', { password: created.password, totpCode: totpCodeOf(secret, Date.now() + 30_000) });
      expect(refused.statusCode).toBe(403);
      expect(refused.json.errorCode).toBe('TOTP_REQUIRED_BY_ORGANISATION');
    } finally {
      await p.store.db.updateTable('settings').set({ value: 'false' }).where('key', '=', 'operators.require_totp').execute();
    }
  });

  it('disable needs the password and a fresh code; then sign-in needs no code; audited once', async () => {
    const user = await createUser(p, 'support', { password: 'disable-unusual-passphrase' });
    const { secret } = await enrol(user);
    const code = totpCodeOf(secret, Date.now() + 30_000);
    const badPassword = await user.call('POST', '/me/totp/disable', { password: 'not-the-passphrase', totpCode: code });
    expect(badPassword.statusCode).toBe(400);
    expect(badPassword.json.errorMessage).toContain('password');
    expect((await user.call('POST', '/me/totp/disable', { password: user.password, totpCode: totpCodeOf(secret, Date.now() - 600_000) })).json.errorCode).toBe('TOTP_INVALID');
    const done = await user.call('POST', '/me/totp/disable', { password: user.password, totpCode: code });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json.data).toEqual({ totpEnabled: false });
    expect((await user.call('POST', '/me/totp/disable', { password: user.password, totpCode: code })).json.errorCode).toBe('TOTP_NOT_SET_UP');
    expect((await postSession(p, { email: user.email, password: user.password })).statusCode).toBe(200);
    const row = await p.store.db.selectFrom('users').selectAll().where('id', '=', user.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ totp_secret_enc: null, totp_enabled_at: null, recovery_code_hashes: [] });
    expect((await auditRowsFor(p, user.userId)).filter((r) => r.action === 'user.totp_disable')).toHaveLength(1);
    await expectAuditClean(p);
  });

  it('the admin key has no authenticator: 401 SIGN_IN_REQUIRED; confirm without a started enrolment is 409', async () => {
    expect((await p.admin('POST', '/me/totp')).json.errorCode).toBe('SIGN_IN_REQUIRED');
    const user = await createUser(p, 'viewer');
    expect((await user.call('POST', '/me/totp/confirm', { totpCode: '123456' })).json.errorCode).toBe('TOTP_NOT_SET_UP');
    expect((await user.call('POST', '/me/totp', undefined, { 'x-csrf-token': 'wrong' })).json.errorCode).toBe('CSRF_TOKEN_INVALID');
  });
});
