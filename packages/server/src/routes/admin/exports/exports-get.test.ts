import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, type AdminReadsWorld } from '../../../../test/admin-reads-kit.ts';
import { expectedCell, readExport } from '../../../../test/csv-kit.ts';

describe('GET /admin/v1/exports/:list (cards, orders, scoping, card data)', () => {
  const switchable = channel();
  let p: TestPlatform;
  let w: AdminReadsWorld;
  let customerViewer: TestUser;
  const exportAs = (list: string, query: Record<string, string> = {}, as?: TestUser) => {
    const path = `/exports/${list}?${new URLSearchParams(query)}`;
    return as ? as.call('GET', path) : p.admin('GET', path);
  };
  // Every item of the list through its own route, two at a time: the export's 100-row pages must add up to the same.
  async function allPages(path: string, query: Record<string, string>, as?: TestUser) {
    const items: any[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const url = `${path}?${new URLSearchParams({ ...query, PageSize: '2', PageNumber: String(pageNumber) })}`;
      const response = as ? await as.call('GET', url) : await p.admin('GET', url);
      expect(response.statusCode, response.body).toBe(200);
      items.push(...response.json.data.data);
      if (pageNumber >= response.json.data.totalPages) return items;
    }
  }
  function expectSameRows(file: ReturnType<typeof readExport>, items: any[], id: string) {
    expect(file.rows.map((r) => r[id])).toEqual(items.map((i) => String(i[id])));
    file.rows.forEach((row, n) => { for (const column of file.header) expect(row[column], `${column} of ${items[n][id]}`).toBe(expectedCell(items[n], column)); });
    expect(file.comments).toEqual([]);
  }

  beforeAll(async () => {
    p = await createTestPlatform({ channel: switchable });
    w = await buildAdminReadsWorld(p, switchable);
    customerViewer = await createUser(p, 'customer_viewer', { customerId: w.a.customerId });
  }, WORLD_SETUP_MS);
  afterAll(async () => { await p?.close(); });

  it('exports the cards a filter selects, row for row and cell for cell as the list pages give them, without numbers or CVVs', async () => {
    const query = { customerId: w.a.customerId, cardModel: 'Standard' };
    const file = readExport(await exportAs('cards', query), 'cards');
    const items = await allPages('/cards', query);
    expect(items.map((c) => c.cardId)).toEqual([w.visa, w.blocked, w.marketing]);
    expectSameRows(file, items, 'cardId');
    expect(file.header).toContain('maskedCardNumber');
    expect(file.header.filter((name) => /cardnumber$|cvv/i.test(name))).toEqual(['maskedCardNumber']);
    // Decrypted here as GET /v1/cards does: no number, no CVV anywhere in the file.
    const everything = readExport(await exportAs('cards'), 'cards');
    expect(everything.rows).toHaveLength(5);
    for (const [owner, cardId] of [[w.a, w.marketing], [w.a, w.share], [w.a, w.blocked], [w.a, w.visa], [w.b, w.other]] as const) {
      const { cardNumber, cvv } = await p.app.ctx.cards.view(owner.customerId, cardId);
      expect(cardNumber).toMatch(/^[0-9]{16}$/);
      expect(everything.text).not.toContain(cardNumber);
      expect(everything.text).not.toContain(cardNumber.slice(6, 12));
      for (const row of everything.rows) expect(Object.values(row)).not.toContain(cvv);
    }
  });

  it('exports orders with filters as the union of the list pages, nested values as JSON cells', async () => {
    const queries: Array<Record<string, string>> = [{ customerId: w.a.customerId, orderType: 'CardTopUp' }, { status: 'Failure' }, {}];
    for (const query of queries) {
      const file = readExport(await exportAs('orders', query), 'orders');
      const items = await allPages('/orders', query);
      expect(items.length).toBeGreaterThan(0);
      expectSameRows(file, items, 'orderNo');
    }
    const failed = readExport(await exportAs('orders', { status: 'Failure' }), 'orders');
    expect(failed.rows.map((r) => r.orderNo)).toEqual([w.failedOrderNo]);
  });

  it('exports transactions and the ledger as their lists give them', async () => {
    const transactions = readExport(await exportAs('transactions', { cardId: w.marketing }), 'transactions');
    expectSameRows(transactions, await allPages('/transactions', { cardId: w.marketing }), 'transactionId');
    const entries = readExport(await exportAs('ledger-entries', { customerId: w.a.customerId }), 'ledger-entries');
    expect(entries.rows.length).toBeGreaterThan(5);
    expect(entries.rows.every((r) => r.postings!.startsWith('[{'))).toBe(true);
  });

  it('gives a customer user only its own customer\'s rows, and another customer\'s id the list\'s 404', async () => {
    const file = readExport(await exportAs('cards', {}, customerViewer), 'cards');
    expect(file.rows.map((r) => r.cardId)).toEqual((await allPages('/cards', { customerId: w.a.customerId })).map((c) => c.cardId));
    expect(file.rows.map((r) => r.customerId)).toEqual(Array(4).fill(w.a.customerId));
    expect(file.text).not.toContain(w.other);
    expectError(await exportAs('cards', { customerId: w.b.customerId }, customerViewer), 404, 'CUSTOMER_NOT_FOUND');
  });

  it('answers a refusal as the list\'s envelope with its status, never a file', async () => {
    const refused = await exportAs('audit', {}, customerViewer);
    expectError(refused, 403, 'FORBIDDEN', 'audit.read');
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.headers['content-disposition']).toBeUndefined();
    expect(refused.json.responseId).toBe(refused.headers['x-response-id']);
    expectError(await exportAs('cards', { cardModel: 'Gold' }), 400, 'VALIDATION_FAILED', 'cardModel');
    expectError(await exportAs('orders', { from: '2026-01-01', to: '2026-12-31' }), 400, 'DATE_RANGE_TOO_LONG');
    const raw = async (headers: Record<string, string>) => {
      const response = await p.app.inject({ method: 'GET', url: '/admin/v1/exports/cards', headers });
      return Object.assign(response, { json: response.json() });
    };
    expectError(await raw({}), 401, 'ADMIN_UNAUTHORIZED');
    expectError(await raw({ 'x-admin-key': 'not-the-key' }), 401, 'ADMIN_UNAUTHORIZED');
  });

  it('answers an unknown list 404 EXPORT_NOT_FOUND naming the exports there are, in both languages', async () => {
    const unknown = await exportAs('secrets');
    expectError(unknown, 404, 'EXPORT_NOT_FOUND', "'secrets'");
    expect(unknown.json.errorMessage).toContain('cards, orders');
    const zh = await p.app.inject({ method: 'GET', url: '/admin/v1/exports/__proto__', headers: { 'x-admin-key': p.adminKey, 'accept-language': 'zh' } });
    expect(zh.statusCode).toBe(404);
    expect(zh.json().errorMessage).toContain('不存在导出');
  });

  it('records no audit row: an export is a read', async () => {
    const before = await p.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    readExport(await exportAs('cards'), 'cards');
    readExport(await exportAs('cards', {}, customerViewer), 'cards');
    const after = await p.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await p.expectLedgerClean();
  });
});
