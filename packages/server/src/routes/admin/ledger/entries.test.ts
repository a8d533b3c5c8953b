// GET /admin/v1/ledger/entries and GET /admin/v1/ledger/entries/{entryId}
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { applyCard, postOk } from '../../../../test/standard-kit.ts';

describe('admin ledger entries', () => {
  let p: TestPlatform;
  let c1: TestCustomer;
  let c2: TestCustomer;
  let cardId: string;
  let viewer: TestUser;
  beforeAll(async () => {
    p = await createTestPlatform();
    c1 = await p.customer({ USD: '1000' });
    c2 = await p.customer({ USD: '50' });
    ({ cardId } = await applyCard(p, c1, '100'));
    await postOk(p, c1, 'topup', { cardId, topUpAmount: '10' });
    viewer = await createUser(p, 'customer_viewer', { customerId: c1.customerId });
  });
  afterAll(async () => { await p?.close(); });

  const list = (query: string) => p.admin('GET', `/ledger/entries?${query}`);
  /** Sum of signed posting amounts per currency, in cents (exact for these amounts). */
  const totals = (postings: any[]) => postings.reduce<Record<string, number>>((t, x) => {
    t[x.currency] = (t[x.currency] ?? 0) + Math.round(x.amount * 100) * (x.direction === 'Credit' ? 1 : -1);
    return t;
  }, {});

  it('lists a customer\'s entries newest first, each with postings that balance', async () => {
    const response = await list(`customerId=${c1.customerId}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json.data;
    expect(page.data.map((e: any) => e.type)).toEqual(['CardTopUp', 'ApplyCard', 'Deposit']);
    for (const entry of page.data) {
      expect(entry.customerId).toBe(c1.customerId);
      expect(Object.values(totals(entry.postings)).every((v) => v === 0), JSON.stringify(entry)).toBe(true);
    }
    const deposit = page.data[2];
    expect(deposit.postings.map((x: any) => [x.accountType, x.direction, x.amount, x.balanceAfter])).toEqual([
      ['external', 'Debit', 1000, -1000], ['funding', 'Credit', 1000, 1000],
    ]);
    const apply = page.data[1];
    expect(apply.orderNo).toEqual(expect.any(String));
    expect(apply.postings.find((x: any) => x.accountType === 'card')).toMatchObject({ cardId, direction: 'Credit', amount: 100, balanceAfter: 100 });
  });

  it('filters by type, account and dates; rejects a range over 3 months', async () => {
    expect((await list(`customerId=${c1.customerId}&type=Deposit`)).json.data.totalRecords).toBe(1);
    const cardAccount = (await p.admin('GET', `/ledger/accounts?type=card&cardId=${cardId}`)).json.data.data[0];
    const onCard = (await list(`accountId=${cardAccount.accountId}`)).json.data;
    expect(onCard.data.map((e: any) => e.type)).toEqual(['CardTopUp', 'ApplyCard']);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`customerId=${c1.customerId}&from=${today}&to=${today}`)).json.data.totalRecords).toBe(3);
    expect((await list(`customerId=${c1.customerId}&to=2020-01-01`)).json.data.totalRecords).toBe(0);
    const tooLong = await list('from=2025-01-01&to=2025-06-01');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json.errorCode).toBe('DATE_RANGE_TOO_LONG');
    const badDate = await list('from=yesterday');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json.errorMessage).toContain('from');
    const paged = (await list(`customerId=${c1.customerId}&PageSize=2&PageNumber=2`)).json.data;
    expect(paged).toMatchObject({ totalRecords: 3, totalPages: 2 });
    expect(paged.data.map((e: any) => e.type)).toEqual(['Deposit']);
  });

  it('a customer user sees only its own entries, and only the postings on its own accounts', async () => {
    const own = (await viewer.call('GET', '/ledger/entries')).json.data;
    expect(own.data.map((e: any) => e.type)).toEqual(['CardTopUp', 'ApplyCard', 'Deposit']);
    for (const entry of own.data) {
      expect(entry.postings.length).toBeGreaterThan(0);
      expect(entry.postings.every((x: any) => x.accountType === 'funding' || x.accountType === 'card')).toBe(true);
    }
    expect((await viewer.call('GET', `/ledger/entries?customerId=${c2.customerId}`)).json.errorCode).toBe('CUSTOMER_NOT_FOUND');
    const external = (await p.admin('GET', `/ledger/accounts?customerId=${c1.customerId}&type=external&currency=USD`)).json.data.data[0];
    const hiddenAccount = await viewer.call('GET', `/ledger/entries?accountId=${external.accountId}`);
    expect(hiddenAccount.statusCode).toBe(404);
    expect(hiddenAccount.json.errorCode).toBe('LEDGER_ACCOUNT_NOT_FOUND');
  });

  it('GET by id: the entry; 404 for an unknown entry or another customer\'s', async () => {
    const [latest] = (await list(`customerId=${c1.customerId}`)).json.data.data;
    const byId = await p.admin('GET', `/ledger/entries/${latest.entryId}`);
    expect(byId.statusCode).toBe(200);
    expect(byId.json.data).toEqual(latest);
    const [otherDeposit] = (await list(`customerId=${c2.customerId}`)).json.data.data;
    for (const entryId of [otherDeposit.entryId, '999999999']) {
      const response = await viewer.call('GET', `/ledger/entries/${entryId}`);
      expect(response.statusCode, entryId).toBe(404);
      expect(response.json.errorCode).toBe('LEDGER_ENTRY_NOT_FOUND');
    }
    expect((await viewer.call('GET', `/ledger/entries/${latest.entryId}`)).statusCode).toBe(200);
    await p.expectLedgerClean();
  });
});
