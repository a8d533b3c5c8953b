// Card data (PAN, CVV) leaves the platform only through GET /v1/cards/{cardId}
// and rests only encrypted.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';

describe('card data exposure', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let cardId: string;
  let pan: string;
  let cvv: string;
  /** Every response of the card's life except GET /v1/cards/{cardId}. */
  const bodies: Array<{ what: string; body: string }> = [];

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '1000' });
    const call = async (what: string, method: string, path: string, options: Parameters<TestPlatform['api']>[2] = {}) => {
      const response = await p.api(method, path, { token: c.token, ...options });
      expect(response.statusCode, `${what}: ${response.body}`).toBe(200);
      bodies.push({ what, body: response.body });
      return response.json;
    };
    const apply = await call('apply', 'POST', '/v1/orders/standard/apply', {
      body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', customerOrderNo: 'pan-apply-1' },
    });
    cardId = apply.data.cardInfos[0].cardId;
    const card = (await p.api('GET', `/v1/cards/${cardId}`, { token: c.token })).json.data;
    pan = card.cardNumber;
    cvv = card.cvv;
    await call('apply replay', 'POST', '/v1/orders/standard/apply', {
      body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', customerOrderNo: 'pan-apply-1' },
    });
    await call('topup', 'POST', '/v1/orders/standard/topup', { body: { cardId, topUpAmount: '10' } });
    await call('withdraw', 'POST', '/v1/orders/standard/withdraw', { body: { cardId, withdrawAmount: '5' } });
    await call('block', 'POST', '/v1/orders/standard/block', { body: { cardId } });
    await call('unblock', 'POST', '/v1/orders/standard/unblock', { body: { cardId } });
    await call('order by customerOrderNo', 'GET', '/v1/orders/standard', { query: { CustomerOrderNo: 'pan-apply-1' } });
    await call('order page', 'GET', '/v1/orders/standard', { query: { PageSize: '100' } });
    await call('card logs', 'GET', '/v1/accounts/cardAccountLogs', { query: { CardId: cardId } });
    await call('funding logs', 'GET', '/v1/accounts/accountLogs');
    await call('accounts', 'GET', '/v1/accounts');
    await call('cancel', 'POST', '/v1/orders/standard/cancel', { body: { cardId } });
    for (const path of ['/customers', `/customers/${c.customerId}/clients`, '/products', '/ledger/verify']) {
      const response = await p.admin('GET', path);
      bodies.push({ what: `admin ${path}`, body: response.body });
    }
  });
  afterAll(async () => { await p?.close(); });

  it('GET /v1/cards/{cardId} carries the full PAN', () => {
    expect(pan).toMatch(/^522981\d{10}$/);
    expect(cvv).toMatch(/^\d{3}$/);
  });

  it('no other response carries the PAN, not even ten of its digits in a row', () => {
    expect(bodies.length).toBeGreaterThan(15);
    for (const { what, body } of bodies) {
      expect(body, what).not.toContain(pan);
      expect(body, what).not.toContain(pan.slice(3, 13));
    }
  });

  it('orders show the masked number: first 6, ***, last 4', () => {
    const expected = `${pan.slice(0, 6)}***${pan.slice(-4)}`;
    const masked = bodies.filter(({ body }) => body.includes('maskCardNumber'));
    expect(masked.map((b) => b.what)).toEqual(expect.arrayContaining(['apply', 'block', 'unblock', 'cancel']));
    for (const { what, body } of masked) {
      for (const [, value] of body.matchAll(/"maskCardNumber":"([^"]*)"/g)) expect(value, what).toBe(expected);
    }
  });

  it('the database holds the PAN nowhere in plain text', async () => {
    const row = await p.store.db.selectFrom('cards').selectAll().where('id', '=', cardId).executeTakeFirstOrThrow();
    expect(row.pan_encrypted).not.toContain(pan);
    expect(row.pan_encrypted).not.toContain(pan.slice(3, 13));
    expect(row.pan_encrypted.startsWith('v1.')).toBe(true);
    expect(row.cvv_encrypted.startsWith('v1.')).toBe(true);
    expect(row.pan_hash).not.toContain(pan);
    expect([row.pan_first6, row.pan_last4]).toEqual([pan.slice(0, 6), pan.slice(-4)]);

    const { rows: tables } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(p.store.db);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['cards', 'orders', 'jobs', 'journal_entries']));
    for (const { table_name: table } of tables) {
      const { rows } = await sql`SELECT * FROM ${sql.table(table)}`.execute(p.store.db);
      const text = JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
      expect(text, table).not.toContain(pan);
      expect(text, table).not.toContain(pan.slice(3, 13));
    }
  });

  it('the ledger is clean after the whole life of the card', async () => {
    await p.expectLedgerClean();
  });
});
