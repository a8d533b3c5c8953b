import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

const LOG_FIELDS = ['amount', 'balanceAfter', 'cardId', 'createdOn', 'currency', 'description', 'feeCode', 'logId', 'logType', 'orderNo', 'reference'];

describe('GET /openapi/v1/accounts/cardAccountLogs', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });

  const order = async (c: TestCustomer, path: string, body: Record<string, unknown>) => {
    const response = await p.api('POST', `/v1/orders/standard/${path}`, { token: c.token, body });
    expect(response.json?.data?.status, response.body).toBe('Completed');
    return response.json.data;
  };
  const applyCard = async (c: TestCustomer, topUpAmount = '100') =>
    order(c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount });
  const logs = (c: TestCustomer, query: Record<string, string> = {}) =>
    p.api('GET', '/v1/accounts/cardAccountLogs', { token: c.token, query });

  it('lists a card\'s money movements newest first: signed amounts, balance after each, order numbers', async () => {
    const c = await p.customer({ USD: '1000' });
    const apply = await applyCard(c);
    const cardId = apply.cardInfos[0].cardId;
    const topUp = await order(c, 'topup', { cardId, topUpAmount: '10' });
    const withdraw = await order(c, 'withdraw', { cardId, withdrawAmount: '5' });
    const cancel = await order(c, 'cancel', { cardId });

    const response = await logs(c, { CardId: cardId });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null });
    const page = response.json.data;
    expect(Object.keys(page).sort()).toEqual(['data', 'pageNumber', 'pageSize', 'totalPages', 'totalRecords']);
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: 6, totalPages: 1 });
    for (const log of page.data) {
      expect(Object.keys(log).sort()).toEqual(LOG_FIELDS);
      expect(log).toMatchObject({ cardId, currency: 'USD', reference: null });
      expect(log.createdOn).toMatch(/Z$/);
    }
    const rows = page.data.map((l: Record<string, unknown>) => [l.logType, l.feeCode, l.amount, l.balanceAfter, l.orderNo]);
    // Cancel: the fee (2.00) and the rest (102.00) leave the card.
    expect(rows).toEqual([
      ['Fee', 'CARD_CANCEL', -2, 0, cancel.orderNo],
      ['CardCancel', null, -102, 2, cancel.orderNo],
      ['Fee', 'CARD_WITHDRAW', -1, 104, withdraw.orderNo],
      ['CardWithdraw', null, -5, 105, withdraw.orderNo],
      ['CardTopUp', null, 10, 110, topUp.orderNo],
      ['ApplyCard', null, 100, 100, apply.orderNo],
    ]);
    expect(new Set(page.data.map((l: { logId: string }) => l.logId)).size).toBe(6);
    await p.expectLedgerClean();
  });

  it('without CardId lists every card of the customer; with CardId only that card', async () => {
    const c = await p.customer({ USD: '1000' });
    const a = (await applyCard(c, '10')).cardInfos[0].cardId;
    const b = (await applyCard(c, '20')).cardInfos[0].cardId;
    const all = (await logs(c)).json.data;
    expect(all.totalRecords).toBe(2);
    expect(all.data.map((l: { cardId: string; amount: number }) => [l.cardId, l.amount])).toEqual([[b, 20], [a, 10]]);
    const onlyA = (await logs(c, { CardId: a })).json.data;
    expect(onlyA.data.map((l: { cardId: string }) => l.cardId)).toEqual([a]);
    await p.expectLedgerClean();
  });

  it('pages with PageNumber and PageSize', async () => {
    const c = await p.customer({ USD: '1000' });
    const cardId = (await applyCard(c, '10')).cardInfos[0].cardId;
    for (let i = 1; i <= 4; i++) await order(c, 'topup', { cardId, topUpAmount: String(i) });
    const all = (await logs(c, { CardId: cardId, PageSize: '100' })).json.data.data;
    expect(all.map((l: { amount: number }) => l.amount)).toEqual([4, 3, 2, 1, 10]);

    const second = (await logs(c, { CardId: cardId, PageNumber: '2', PageSize: '2' })).json.data;
    expect(second).toMatchObject({ pageNumber: 2, pageSize: 2, totalRecords: 5, totalPages: 3 });
    expect(second.data.map((l: { logId: string }) => l.logId)).toEqual(all.slice(2, 4).map((l: { logId: string }) => l.logId));
    const last = (await logs(c, { CardId: cardId, PageNumber: '3', PageSize: '2' })).json.data;
    expect(last.data.map((l: { amount: number }) => l.amount)).toEqual([10]);
    const beyond = (await logs(c, { CardId: cardId, PageNumber: '9', PageSize: '2' })).json.data;
    expect(beyond).toMatchObject({ pageNumber: 9, pageSize: 2, totalRecords: 5, totalPages: 3, data: [] });
    await p.expectLedgerClean();
  });

  it('rejects PageSize above 100 and PageNumber below 1 with 400', async () => {
    const c = await p.customer();
    for (const query of [{ PageSize: '101' }, { PageSize: '0' }, { PageNumber: '0' }, { PageNumber: 'x' }] as Array<Record<string, string>>) {
      const response = await logs(c, query);
      expect(response.statusCode, JSON.stringify(query)).toBe(400);
      expect(response.json.errorCode).toBe('VALIDATION_FAILED');
      expect(response.json.errorMessage).toContain(Object.keys(query)[0]);
    }
    expect((await logs(c, { PageSize: '100' })).statusCode).toBe(200);
  });

  it('filters by TransactionDateFrom/To, a date covering the whole UTC day', async () => {
    const c = await p.customer({ USD: '1000' });
    const cardId = (await applyCard(c, '1')).cardInfos[0].cardId;
    for (const amount of ['2', '3', '4']) await order(c, 'topup', { cardId, topUpAmount: amount });
    // Move the four postings (amounts 1, 2, 3, 4) to the edges of 2025-01-15.
    const times = ['2025-01-14T23:59:59.999Z', '2025-01-15T00:00:00.000Z', '2025-01-15T23:59:59.999Z', '2025-01-16T00:00:00.000Z'];
    const { rows } = await sql<{ id: string }>`SELECT p.id FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
      WHERE a.card_id = ${cardId} ORDER BY p.id`.execute(p.store.db);
    for (const [i, row] of rows.entries()) await sql`UPDATE postings SET created_at = ${times[i]} WHERE id = ${row.id}`.execute(p.store.db);

    const amounts = async (query: Record<string, string>) => {
      const response = await logs(c, { CardId: cardId, ...query });
      expect(response.statusCode, response.body).toBe(200);
      return response.json.data.data.map((l: { amount: number }) => l.amount);
    };
    expect(await amounts({ TransactionDateFrom: '2025-01-15', TransactionDateTo: '2025-01-15' })).toEqual([3, 2]);
    expect(await amounts({ TransactionDateFrom: '2025-01-15' })).toEqual([4, 3, 2]);
    expect(await amounts({ TransactionDateTo: '2025-01-14' })).toEqual([1]);
    expect(await amounts({ TransactionDateFrom: '2025-01-15T00:00:00Z', TransactionDateTo: '2025-01-15T12:00:00Z' })).toEqual([2]);
    expect(await amounts({ TransactionDateFrom: '2025-01-16T08:00:00+08:00' })).toEqual([4]);
    await p.expectLedgerClean();
  });

  it('rejects bad date ranges with specific errors', async () => {
    const c = await p.customer();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ TransactionDateFrom: '2025-02-01', TransactionDateTo: '2025-01-31' }, 'INVALID_DATE_RANGE', 'TransactionDateFrom'],
      [{ TransactionDateFrom: '2025-01-01', TransactionDateTo: '2025-04-01' }, 'DATE_RANGE_TOO_LONG', '3 months'],
      [{ TransactionDateFrom: '15/01/2025' }, 'VALIDATION_FAILED', 'TransactionDateFrom'],
      [{ TransactionDateTo: '2025-02-30' }, 'VALIDATION_FAILED', 'TransactionDateTo'],
    ];
    for (const [query, errorCode, mentioned] of cases) {
      const response = await logs(c, query);
      expect(response.statusCode, JSON.stringify(query)).toBe(400);
      expect(response.json).toMatchObject({ hasError: true, errorCode, data: null });
      expect(response.json.errorMessage).toContain(mentioned);
    }
  });

  it('answers another customer\'s CardId like an unknown one: 404 CARD_NOT_FOUND', async () => {
    const owner = await p.customer({ USD: '100' });
    const cardId = (await applyCard(owner, '10')).cardInfos[0].cardId;
    const other = await p.customer();
    const foreign = await logs(other, { CardId: cardId });
    const unknown = await logs(other, { CardId: 'CARDUNKNOWN' });
    expect([foreign.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect([foreign.json.errorCode, unknown.json.errorCode]).toEqual(['CARD_NOT_FOUND', 'CARD_NOT_FOUND']);
    expect(foreign.body).not.toContain('"amount"');
    expect((await logs(owner, { CardId: cardId })).json.data.totalRecords).toBe(1);
    await p.expectLedgerClean();
  });

  it('never shows a customer another customer\'s logs', async () => {
    const a = await p.customer({ USD: '100' });
    const b = await p.customer({ USD: '100' });
    const aOrder = await applyCard(a, '11');
    await applyCard(b, '22');
    const seen = (await logs(a, { PageSize: '100' })).json.data;
    expect(seen.totalRecords).toBe(1);
    expect(seen.data[0]).toMatchObject({ cardId: aOrder.cardInfos[0].cardId, amount: 11, orderNo: aOrder.orderNo });
    await p.expectLedgerClean();
  });

  it('needs a token', async () => {
    expect((await p.api('GET', '/v1/accounts/cardAccountLogs')).statusCode).toBe(401);
  });
});
