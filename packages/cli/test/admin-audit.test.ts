// `cardepass admin audit verify|list` end to end: the real server listening on a
// free port, and the CLI as a real child process against it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, dataOf, expectCleanFailure, linesOf, SUITE_OPTIONS } from './cli-runner.ts';

describe('cardepass admin audit', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let url: string;
  const admin = (...args: string[]) => cardepass(['admin', ...args, '--url', url, '--admin-key', p.adminKey]);

  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    url = await p.app.listen({ port: 0, host: '127.0.0.1' });
    for (const code of ['CLIA1', 'CLIA2']) {
      const created = await p.admin('POST', '/products', { productCode: code, productName: 'CLI audited', cardModels: ['Standard'], cardCurrency: ['USD'], binRange: '522981' });
      expect(created.statusCode, created.body).toBe(200);
    }
    expect((await p.admin('POST', '/products/CLIA1/retire')).statusCode).toBe(200);
  });
  afterAll(async () => { await p?.close(); });

  it('verify exits 0 on an intact chain and 1, naming the first broken seq, on an edited row', async () => {
    const [clean, cleanJson] = await Promise.all([admin('audit', 'verify'), admin('audit', 'verify', '--json')]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^Audit log OK: \d+ rows, hash chain intact\n$/);
    expect(dataOf(cleanJson)).toMatchObject({ ok: true, firstBrokenSeq: null, headMatches: true });

    const row = await p.store.db.selectFrom('audit_log').select(['seq', 'reason']).where('target_id', '=', 'CLIA2').executeTakeFirstOrThrow();
    await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change').execute(p.store.db);
    try {
      await sql`UPDATE audit_log SET reason = 'rewritten' WHERE seq = ${row.seq}`.execute(p.store.db);
      const [broken, brokenJson] = await Promise.all([admin('audit', 'verify'), admin('audit', 'verify', '--json')]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`first broken row: seq ${row.seq}`);
      expect(broken.stderr).toMatch(new RegExp(`audit log does not verify \\(first broken seq ${row.seq}\\)`));
      expect(brokenJson.code).toBe(1);
      expect(JSON.parse(brokenJson.stdout)).toMatchObject({ ok: false, firstBrokenSeq: String(row.seq) });
    } finally {
      await sql`UPDATE audit_log SET reason = ${row.reason} WHERE seq = ${row.seq}`.execute(p.store.db);
      await sql.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change').execute(p.store.db);
    }
    expect((await admin('audit', 'verify')).code).toBe(0);
  });

  it('list prints rows newest first, filters by action, and answers the page as JSON', async () => {
    const [table, filtered, none] = await Promise.all([
      admin('audit', 'list'), admin('audit', 'list', '--action', 'product.retire', '--json'), admin('audit', 'list', '--action', 'nothing.here'),
    ]);
    const lines = linesOf(table);
    expect(lines[0]).toMatch(/^SEQ\s+AT\s+ACTION\s+TARGET\s+CUSTOMER\s+ACTOR$/);
    expect(lines[1]).toMatch(/product\.retire\s+product CLIA1\s+-\s+admin key$/);
    const page = dataOf(filtered);
    expect(page).toMatchObject({ totalRecords: 1, data: [{ action: 'product.retire', targetId: 'CLIA1', actorType: 'admin_key' }] });
    expect(linesOf(none)).toEqual(['No audit rows.']);
  });

  it('list --customer for an unknown customer is simply empty; bad input fails in one line', async () => {
    const [empty, badDate, badPage] = await Promise.all([
      admin('audit', 'list', '--customer', 'cus_nobody', '--json'), admin('audit', 'list', '--from', 'yesterday'), admin('audit', 'list', '--page', '0'),
    ]);
    expect(dataOf(empty)).toMatchObject({ totalRecords: 0, data: [] });
    expectCleanFailure(badDate, /VALIDATION_FAILED: .*from/);
    expect(badPage.code).not.toBe(0);
    expect(badPage.stderr).toMatch(/--page/);
  });
});
