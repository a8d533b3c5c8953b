import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';

describe('GET /admin/v1/ledger/verify', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });

  it('proves an empty ledger', async () => {
    const response = await p.admin('GET', '/ledger/verify');
    expect(response.statusCode).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null });
    expect(Object.keys(response.json.data).sort()).toEqual(['accountsChecked', 'entriesChecked', 'ok', 'problems']);
    expect(response.json.data).toMatchObject({ ok: true, entriesChecked: 0, problems: [] });
  });

  it('proves the ledger after deposits and the life of a card, counting what it checked', async () => {
    const c = await p.customer({ USD: '1000', EUR: '10' });
    const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' } });
    const cardId = apply.json.data.cardInfos[0].cardId;
    for (const [path, body] of [['topup', { cardId, topUpAmount: '7.77' }], ['withdraw', { cardId }], ['cancel', { cardId }]] as const) {
      const response = await p.api('POST', `/v1/orders/standard/${path}`, { token: c.token, body });
      expect(response.json.data?.status, response.body).toBe('Completed');
    }
    const response = await p.admin('GET', '/ledger/verify');
    expect(response.json.data).toMatchObject({ ok: true, problems: [] });
    // 2 deposits + apply, top-up, withdraw (all of it); cancelling the then empty card moves nothing.
    expect(response.json.data.entriesChecked).toBe(5);
    // 4 customer accounts × 9 currencies + 1 card account
    expect(response.json.data.accountsChecked).toBe(37);
    await p.expectLedgerClean();
  });
});

describe('ledger verification catches corruption', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let funding: string;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer({ USD: '100' });
    const row = await p.store.db.selectFrom('ledger_accounts').select('id')
      .where('customer_id', '=', c.customerId).where('kind', '=', 'funding').where('currency', '=', 'USD').executeTakeFirstOrThrow();
    funding = String(row.id);
  });
  afterAll(async () => { await p?.close(); });

  const verify = async () => (await p.admin('GET', '/ledger/verify')).json.data as { ok: boolean; problems: string[] };
  /** Applies a corruption, checks that verify reports it, then undoes it and checks the ledger is clean again. */
  async function expectCaught(corrupt: string, undo: string, problem: RegExp) {
    await p.expectLedgerClean();
    await p.store.execScript(corrupt);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems.some((x) => problem.test(x)), JSON.stringify(result.problems)).toBe(true);
    await expect(p.expectLedgerClean()).rejects.toThrow();
    await p.store.execScript(undo);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  }

  it('a balance that differs from its postings', async () => {
    await sql`UPDATE ledger_accounts SET balance_minor = balance_minor + 1 WHERE id = ${funding}`.execute(p.store.db);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems.find((x) => x.startsWith('balance differs from its postings'))).toContain(`"account_id":"${funding}"`);
    await expect(p.expectLedgerClean()).rejects.toThrow();
    await sql`UPDATE ledger_accounts SET balance_minor = balance_minor - 1 WHERE id = ${funding}`.execute(p.store.db);
    await p.expectLedgerClean();
  });

  it('an entry that does not balance', async () => {
    await expectCaught(
      `UPDATE postings SET amount_minor = amount_minor + 5, balance_after_minor = balance_after_minor + 5 WHERE account_id = ${funding};
       UPDATE ledger_accounts SET balance_minor = balance_minor + 5 WHERE id = ${funding}`,
      `UPDATE postings SET amount_minor = amount_minor - 5, balance_after_minor = balance_after_minor - 5 WHERE account_id = ${funding};
       UPDATE ledger_accounts SET balance_minor = balance_minor - 5 WHERE id = ${funding}`,
      /^entry does not balance/,
    );
  });

  it('a broken balance-after chain', async () => {
    await expectCaught(
      `UPDATE postings SET balance_after_minor = balance_after_minor + 1 WHERE account_id = ${funding}`,
      `UPDATE postings SET balance_after_minor = balance_after_minor - 1 WHERE account_id = ${funding}`,
      /^balance-after chain broken/,
    );
  });

  it('a hold no order in flight explains', async () => {
    await expectCaught(
      `UPDATE ledger_accounts SET held_minor = held_minor + 1 WHERE id = ${funding}`,
      `UPDATE ledger_accounts SET held_minor = held_minor - 1 WHERE id = ${funding}`,
      /^hold not explained by orders in flight/,
    );
  });

  it('a journal entry without postings', async () => {
    await expectCaught(
      `INSERT INTO journal_entries (customer_id, entry_type, reference) VALUES ('${c.customerId}', 'Deposit', 'orphan-entry')`,
      `DELETE FROM journal_entries WHERE reference = 'orphan-entry'`,
      /^entry without postings/,
    );
  });
});
