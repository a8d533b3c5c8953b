// GET /admin/v1/audit/verify, and the chain check it runs (services/audit/audit-verify.ts)
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { createUser } from '../../../../test/people-kit.ts';
import { recordAudit } from '../../../services/audit/audit-log.ts';
import { verifyAuditChain } from '../../../services/audit/audit-verify.ts';

const ROWS = 10;

describe('audit chain verification', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    for (let i = 1; i <= ROWS; i++) {
      await recordAudit(p.store.db, { actor: { type: 'system', id: 'test', label: null }, ip: null, responseId: null }, { action: 'test.row', targetType: 'test', targetId: `t${i}`, after: { i } });
    }
  });
  afterAll(async () => { await p?.close(); });

  const verify = async () => (await p.admin('GET', '/audit/verify')).json.data;

  /**
   * Applies a change the append-only trigger would refuse (as someone with the database's
   * owner rights could), checks what verify says, then undoes it.
   */
  async function tampered(change: string, undo: string, check: () => Promise<void>) {
    await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change').execute(p.store.db);
    try {
      await sql.raw(change).execute(p.store.db);
      await check();
    } finally {
      await sql.raw(undo).execute(p.store.db);
      await sql.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change').execute(p.store.db);
    }
    expect(await verify()).toMatchObject({ ok: true, firstBrokenSeq: null });
  }

  it('verifies a clean chain, counting its rows, through the API and in small batches', async () => {
    const response = await p.admin('GET', '/audit/verify');
    expect(response.statusCode).toBe(200);
    expect(response.json.data).toEqual({ ok: true, rows: ROWS, firstBrokenSeq: null, headMatches: true });
    for (const batchRows of [1, 3, ROWS, 1000]) {
      expect(await verifyAuditChain(p.store.db, { batchRows })).toEqual({ ok: true, rows: ROWS, firstBrokenSeq: null, headMatches: true });
    }
  });

  it('names the first edited row, also when it starts a batch', async () => {
    await tampered(`UPDATE audit_log SET after = '{"i": 99}' WHERE seq = 4`, `UPDATE audit_log SET after = '{"i": 4}' WHERE seq = 4`, async () => {
      expect(await verify()).toEqual({ ok: false, rows: ROWS, firstBrokenSeq: '4', headMatches: true });
      expect((await verifyAuditChain(p.store.db, { batchRows: 3 })).firstBrokenSeq).toBe('4');
    });
  });

  it('a row whose hash was recomputed still breaks the link of the next one', async () => {
    const original = await sql<{ hash: string }>`SELECT hash FROM audit_log WHERE seq = 6`.execute(p.store.db);
    await tampered(`UPDATE audit_log SET hash = repeat('a', 64) WHERE seq = 6`, `UPDATE audit_log SET hash = '${original.rows[0]!.hash}' WHERE seq = 6`, async () => {
      expect((await verifyAuditChain(p.store.db, { batchRows: 6 })).firstBrokenSeq).toBe('6');
    });
  });

  it('a removed last row shows as a head that does not match', async () => {
    await sql`UPDATE audit_chain SET last_seq = last_seq + 1`.execute(p.store.db);
    try {
      expect(await verify()).toEqual({ ok: false, rows: ROWS, firstBrokenSeq: null, headMatches: false });
    } finally {
      await sql`UPDATE audit_chain SET last_seq = last_seq - 1`.execute(p.store.db);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('needs audit.verify: operators yes, a customer admin no', async () => {
    expect((await (await createUser(p, 'viewer')).call('GET', '/audit/verify')).json.data.ok).toBe(true);
    const c = await p.customer();
    const response = await (await createUser(p, 'customer_admin', { customerId: c.customerId })).call('GET', '/audit/verify');
    expect(response.statusCode).toBe(403);
    expect(response.json.errorCode).toBe('FORBIDDEN');
  });
});
