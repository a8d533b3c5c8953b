import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

interface Log { logId: string; cardId: string | null; currency: string; amount: number; balanceAfter: number; logType: string; feeCode: string | null; orderNo: string | null; reference: string | null }

describe('GET /openapi/v1/accounts/accountLogs', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });

  const deposit = async (c: TestCustomer, amount: string, currency = 'USD', reference = `ref-${randomBytes(6).toString('hex')}`) => {
    const response = await p.admin('POST', '/deposits', { customerId: c.customerId, currency, amount, reference });
    expect(response.statusCode, response.body).toBe(200);
    return reference;
  };
  const logs = (c: TestCustomer, query: Record<string, string> = {}) => p.api('GET', '/v1/accounts/accountLogs', { token: c.token, query });
  const data = async (c: TestCustomer, query: Record<string, string> = {}) => {
    const response = await logs(c, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json.data as { pageNumber: number; pageSize: number; totalRecords: number; totalPages: number; data: Log[] };
  };

  it('shows deposits, card payments with their fees, and refunds: signed, with the balance after each', async () => {
    const c = await p.customer();
    const reference = await deposit(c, '500');
    const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' } });
    const applyOrder = apply.json.data;
    const cancel = await p.api('POST', '/v1/orders/standard/cancel', { token: c.token, body: { cardId: applyOrder.cardInfos[0].cardId } });
    expect(cancel.json.data.status, cancel.body).toBe('Completed');

    const page = await data(c);
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: 5, totalPages: 1 });
    const rows = page.data.map((l) => [l.logType, l.feeCode, l.amount, l.balanceAfter, l.orderNo, l.reference]);
    expect(rows).toEqual([
      ['CardCancel', null, 98, 491.5, cancel.json.data.orderNo, null],
      ['Fee', 'CARD_TOPUP', -1.5, 393.5, applyOrder.orderNo, null],
      ['Fee', 'CARD_ISSUE', -5, 395, applyOrder.orderNo, null],
      ['ApplyCard', null, -100, 400, applyOrder.orderNo, null],
      ['Deposit', null, 500, 500, null, reference],
    ]);
    for (const log of page.data) expect(log).toMatchObject({ currency: 'USD', cardId: null });
    // The last balance after is what GET /v1/accounts shows.
    const usd = (await p.api('GET', '/v1/accounts', { token: c.token })).json.data.find((a: { currency: string }) => a.currency === 'USD');
    expect(usd.ledgerAmount).toBe(page.data[0]!.balanceAfter);
    await p.expectLedgerClean();
  });

  it('pages with Limit and Offset', async () => {
    const c = await p.customer();
    for (const amount of ['1', '2', '3', '4', '5']) await deposit(c, amount);
    expect((await data(c)).data.map((l) => l.amount)).toEqual([5, 4, 3, 2, 1]);
    expect(await data(c, { Limit: '2' })).toMatchObject({ pageNumber: 1, pageSize: 2, totalRecords: 5, totalPages: 3 });
    const second = await data(c, { Limit: '2', Offset: '2' });
    expect(second).toMatchObject({ pageNumber: 2, pageSize: 2, totalRecords: 5, totalPages: 3 });
    expect(second.data.map((l) => l.amount)).toEqual([3, 2]);
    expect((await data(c, { Limit: '2', Offset: '4' })).data.map((l) => l.amount)).toEqual([1]);
    expect(await data(c, { Limit: '2', Offset: '10' })).toMatchObject({ totalRecords: 5, data: [] });
    expect((await data(c, { Offset: '3' })).data.map((l) => l.amount)).toEqual([2, 1]);
    await p.expectLedgerClean();
  });

  it('rejects Limit outside 1..100 and negative Offset with 400 naming the field', async () => {
    const c = await p.customer();
    for (const query of [{ Limit: '101' }, { Limit: '0' }, { Offset: '-1' }, { Limit: 'ten' }] as Array<Record<string, string>>) {
      const response = await logs(c, query);
      expect(response.statusCode, JSON.stringify(query)).toBe(400);
      expect(response.json.errorCode).toBe('VALIDATION_FAILED');
      expect(response.json.errorMessage).toContain(Object.keys(query)[0]);
    }
    expect((await logs(c, { Limit: '100' })).statusCode).toBe(200);
  });

  it('filters by Currency', async () => {
    const c = await p.customer();
    await deposit(c, '1', 'USD');
    await deposit(c, '2', 'EUR');
    await deposit(c, '300', 'JPY');
    expect((await data(c, { Currency: 'EUR' })).data.map((l) => [l.currency, l.amount])).toEqual([['EUR', 2]]);
    expect((await data(c, { Currency: 'JPY' })).data.map((l) => [l.currency, l.amount])).toEqual([['JPY', 300]]);
    expect((await data(c)).totalRecords).toBe(3);
    await p.expectLedgerClean();
  });

  it('filters by TransactionDateFrom/To, a date covering the whole UTC day', async () => {
    const c = await p.customer();
    const times = ['2025-03-09T23:59:59.999Z', '2025-03-10T00:00:00.000Z', '2025-03-10T23:59:59.999Z', '2025-03-11T00:00:00.000Z'];
    for (const [i, time] of times.entries()) {
      const reference = await deposit(c, String(i + 1));
      await sql`UPDATE postings SET created_at = ${time} WHERE entry_id = (
        SELECT id FROM journal_entries WHERE customer_id = ${c.customerId} AND reference = ${reference})`.execute(p.store.db);
    }
    const amounts = async (query: Record<string, string>) => (await data(c, query)).data.map((l) => l.amount);
    expect(await amounts({ TransactionDateFrom: '2025-03-10', TransactionDateTo: '2025-03-10' })).toEqual([3, 2]);
    expect(await amounts({ TransactionDateFrom: '2025-03-10' })).toEqual([4, 3, 2]);
    expect(await amounts({ TransactionDateTo: '2025-03-10' })).toEqual([3, 2, 1]);
    expect(await amounts({ TransactionDateFrom: '2025-03-10T12:00:00', TransactionDateTo: '2025-03-11T00:00:00Z' })).toEqual([4, 3]);
    expect((await data(c, { TransactionDateFrom: '2025-03-10', TransactionDateTo: '2025-03-10', Limit: '1' })).totalRecords).toBe(2);
    await p.expectLedgerClean();
  });

  it('rejects bad date ranges with specific errors', async () => {
    const c = await p.customer();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ TransactionDateFrom: '2025-03-10T00:00:01Z', TransactionDateTo: '2025-03-10T00:00:00Z' }, 'INVALID_DATE_RANGE', 'TransactionDateTo'],
      [{ TransactionDateFrom: '2024-01-01', TransactionDateTo: '2024-12-31' }, 'DATE_RANGE_TOO_LONG', '3'],
      [{ TransactionDateFrom: 'last week' }, 'VALIDATION_FAILED', 'TransactionDateFrom'],
      [{ TransactionDateTo: '2025-3-1' }, 'VALIDATION_FAILED', 'TransactionDateTo'],
    ];
    for (const [query, errorCode, mentioned] of cases) {
      const response = await logs(c, query);
      expect(response.statusCode, JSON.stringify(query)).toBe(400);
      expect(response.json).toMatchObject({ hasError: true, errorCode, data: null });
      expect(response.json.errorMessage).toContain(mentioned);
    }
  });

  it('never shows a customer another customer\'s logs', async () => {
    const a = await p.customer();
    const b = await p.customer();
    const mine = await deposit(a, '1.23');
    const theirs = await deposit(b, '4.56');
    const page = await data(a, { Limit: '100' });
    expect(page.data.map((l) => l.reference)).toEqual([mine]);
    expect(JSON.stringify(page)).not.toContain(theirs);
    await p.expectLedgerClean();
  });

  it('shows funding movements only, not card accounts', async () => {
    const c = await p.customer({ USD: '100' });
    await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD002', cardCurrency: 'USD', topUpAmount: '10' } });
    const page = await data(c);
    expect(page.data.every((l) => l.cardId === null)).toBe(true);
    expect(page.data.map((l) => l.amount)).toEqual([-0.1, -2, -10, 100]);
    await p.expectLedgerClean();
  });

  it('needs a token', async () => {
    expect((await p.api('GET', '/v1/accounts/accountLogs')).statusCode).toBe(401);
  });
});
