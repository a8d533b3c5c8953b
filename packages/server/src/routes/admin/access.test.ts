import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleCan } from '@cardepass/contract';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createUser, expectAuditClean } from '../../../test/people-kit.ts';
import { recordAudit, verifyAuditChain, REDACTED } from '../../services/audit/audit-log.ts';

describe('operator API access: sessions, CSRF, permissions', () => {
  let p: TestPlatform;
  let customerId: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    ({ customerId } = await p.customer());
  });
  afterAll(async () => { await p.close(); });

  it('a session cookie opens the routes its role allows and 403s the others, naming role and permission', async () => {
    for (const role of ROLES) {
      const user = await createUser(p, role, { customerId });
      const create = await user.call('POST', '/customers', { name: `by ${role}` });
      if (roleCan(role, 'customers.write')) expect(create.statusCode, `${role}: ${create.body}`).toBe(200);
      else {
        expect(create.statusCode, role).toBe(403);
        expect(create.json).toMatchObject({ hasError: true, errorCode: 'FORBIDDEN', data: null });
        expect(create.json.errorMessage).toContain(role);
      }
    }
  });

  it('a change without the session CSRF token is refused and changes nothing', async () => {
    const owner = await createUser(p, 'owner');
    const before = await p.store.db.selectFrom('customers').select(p.store.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const headers of [{ 'x-csrf-token': '' }, { 'x-csrf-token': 'guess' }, { 'x-csrf-token': `${owner.csrfToken}x` }]) {
      const response = await owner.call('POST', '/customers', { name: 'csrf' }, headers);
      expect(response.statusCode).toBe(403);
      expect(response.json.errorCode).toBe('CSRF_TOKEN_INVALID');
    }
    const after = await p.store.db.selectFrom('customers').select(p.store.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // Another user's CSRF token does not fit this session either.
    const other = await createUser(p, 'owner');
    expect((await owner.call('POST', '/customers', { name: 'x' }, { 'x-csrf-token': other.csrfToken })).json.errorCode).toBe('CSRF_TOKEN_INVALID');
    // Reads need no CSRF token.
    expect((await owner.call('GET', '/customers')).statusCode).toBe(200);
  });

  it('an unknown, revoked or disabled user\'s session is 401 SIGN_IN_REQUIRED; no credentials at all stays ADMIN_UNAUTHORIZED', async () => {
    const viewer = await createUser(p, 'viewer');
    const forged = { ...viewer, cookie: 'cardepass_session=forged' };
    const response = await p.app.inject({ method: 'GET', url: '/admin/v1/customers', headers: { cookie: forged.cookie } });
    expect(response.statusCode).toBe(401);
    expect(response.json().errorCode).toBe('SIGN_IN_REQUIRED');
    await p.store.db.updateTable('users').set({ status: 'Disabled' }).where('id', '=', viewer.userId).execute();
    expect((await viewer.call('GET', '/customers')).json.errorCode).toBe('SIGN_IN_REQUIRED');
    const bare = await p.app.inject({ method: 'GET', url: '/admin/v1/customers' });
    expect(bare.statusCode).toBe(401);
    expect(bare.json().errorCode).toBe('ADMIN_UNAUTHORIZED');
  });

  it('a session idle past the timeout or past its absolute expiry is refused', async () => {
    const idle = await createUser(p, 'viewer');
    await p.store.db.updateTable('user_sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).where('user_id', '=', idle.userId).execute();
    expect((await idle.call('GET', '/customers')).statusCode).toBe(401);
    const old = await createUser(p, 'viewer');
    await p.store.db.updateTable('user_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', old.userId).execute();
    expect((await old.call('GET', '/customers')).statusCode).toBe(401);
  });

  it('the admin key still does everything, and wins over a cookie', async () => {
    const viewer = await createUser(p, 'viewer');
    const response = await p.app.inject({
      method: 'POST', url: '/admin/v1/customers', payload: { name: 'by key' },
      headers: { 'x-admin-key': p.adminKey, cookie: viewer.cookie, 'content-type': 'application/json' },
    });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('audit log: hash chain, append-only, same transaction', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p.close(); });
  const origin = { actor: { type: 'admin_key' as const, id: 'admin-key', label: 'admin key' }, ip: '127.0.0.1', responseId: 'r-1' };

  it('chains rows, redacts secrets by field name, and verifies', async () => {
    await recordAudit(p.store.db, origin, { action: 'test.one', targetType: 'thing', targetId: 't1', after: { name: 'a', clientSecret: 's3cr3t', nested: { cvv: '123', amount: 10n } } });
    await recordAudit(p.store.db, origin, { action: 'test.two', targetType: 'thing', targetId: 't2', before: { password: 'hunter2hunter2' } });
    const rows = await p.store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.action)).toEqual(['test.one', 'test.two']);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[0]!.after).toEqual({ name: 'a', clientSecret: REDACTED, nested: { cvv: REDACTED, amount: '10' } });
    expect(JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/s3cr3t|hunter2|"123"/);
    await expectAuditClean(p);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(p.store.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(p.store.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(p.store.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    await expectAuditClean(p);
  });

  it('a row of a rolled-back transaction leaves neither a row nor a gap', async () => {
    const count = async () => Number((await p.store.db.selectFrom('audit_log').select(p.store.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await expect(p.store.db.transaction().execute(async (trx) => {
      await recordAudit(trx, origin, { action: 'test.rolled-back', targetType: 'thing' });
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await count()).toBe(before);
    await recordAudit(p.store.db, origin, { action: 'test.after', targetType: 'thing' });
    await expectAuditClean(p);
  });

  it('parallel writers chain in commit order without gaps', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(p.store.db, origin, { action: 'test.parallel', targetType: 'thing', targetId: String(i) })));
    const seqs = (await p.store.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await verifyAuditChain(p.store.db)).toMatchObject({ ok: true, rows: seqs.length });
  });

  it('detects a row changed behind the trigger\'s back', async () => {
    await p.store.execScript(`BEGIN; ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
      UPDATE audit_log SET after = '{"name":"forged"}' WHERE seq = 1;
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change; COMMIT;`);
    expect(await verifyAuditChain(p.store.db)).toMatchObject({ ok: false, firstBrokenSeq: '1' });
  });
});
