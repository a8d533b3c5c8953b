// GET /admin/v1/ledger/accounts and GET /admin/v1/ledger/accounts/{accountId}
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { applyCard, card, funding } from '../../../../test/standard-kit.ts';

describe('admin ledger accounts', () => {
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
    viewer = await createUser(p, 'customer_viewer', { customerId: c1.customerId });
  });
  afterAll(async () => { await p?.close(); });

  const list = (query: string) => p.admin('GET', `/ledger/accounts?${query}`);
  const accountOf = async (customerId: string, type: string, currency = 'USD') =>
    (await list(`customerId=${customerId}&type=${type}&currency=${currency}`)).json.data.data[0];

  it('lists a customer\'s accounts with balances the integrator API agrees with', async () => {
    const response = await list(`customerId=${c1.customerId}&currency=USD`);
    expect(response.statusCode, response.body).toBe(200);
    const accounts = response.json.data.data;
    expect(accounts.map((a: any) => a.type).sort()).toEqual(['card', 'external', 'fee_revenue', 'funding', 'network']);
    const account = accounts.find((a: any) => a.type === 'funding');
    const api = await funding(p, c1);
    expect(account).toMatchObject({ customerId: c1.customerId, currency: 'USD', cardId: null, ledgerBalance: api.ledgerAmount, heldAmount: api.heldAmount, availableAmount: api.amount });
    const cardAccount = accounts.find((a: any) => a.type === 'card');
    expect(cardAccount).toMatchObject({ cardId, ledgerBalance: (await card(p, c1, cardId)).balanceAmount, heldAmount: 0 });
    // Platform accounts have no "available": nothing spends from them.
    expect(accounts.find((a: any) => a.type === 'external')).toMatchObject({ ledgerBalance: -1000, availableAmount: null });
    await p.expectLedgerClean();
  });

  it('pages and filters by type and card', async () => {
    const page = (await list(`customerId=${c1.customerId}&PageSize=2&PageNumber=3`)).json.data;
    // 4 customer accounts in each of 9 currencies, and the card's.
    expect(page).toMatchObject({ pageNumber: 3, pageSize: 2, totalRecords: 37, totalPages: 19 });
    expect(page.data).toHaveLength(2);
    const cards = (await list(`type=card&cardId=${cardId}`)).json.data;
    expect(cards.totalRecords).toBe(1);
    expect(cards.data[0].cardId).toBe(cardId);
    const past = (await list(`customerId=${c1.customerId}&PageNumber=100`)).json.data;
    expect(past).toMatchObject({ totalRecords: 37, data: [] });
  });

  it('rejects bad filters naming the field', async () => {
    for (const [query, field] of [['type=savings', 'type'], ['PageSize=101', 'PageSize'], ['currency=US', 'currency']]) {
      const response = await list(query!);
      expect(response.statusCode, query).toBe(400);
      expect(response.json.errorMessage).toContain(field);
    }
  });

  it('a customer user sees its own funding and card accounts only, never the platform side or another customer', async () => {
    const own = (await viewer.call('GET', '/ledger/accounts?PageSize=100')).json.data;
    expect(own.totalRecords).toBe(10);
    expect(new Set(own.data.map((a: any) => a.type))).toEqual(new Set(['funding', 'card']));
    expect(own.data.every((a: any) => a.customerId === c1.customerId)).toBe(true);
    expect((await viewer.call('GET', '/ledger/accounts?type=external')).json.data.totalRecords).toBe(0);
    const other = await viewer.call('GET', `/ledger/accounts?customerId=${c2.customerId}`);
    expect(other.statusCode).toBe(404);
    expect(other.json.errorCode).toBe('CUSTOMER_NOT_FOUND');
  });

  it('GET by id: the account, or 404 for an unknown, another customer\'s, or (customer user) a platform account', async () => {
    const fundingAccount = await accountOf(c1.customerId, 'funding');
    const byId = await p.admin('GET', `/ledger/accounts/${fundingAccount.accountId}`);
    expect(byId.statusCode).toBe(200);
    expect(byId.json.data).toEqual(fundingAccount);
    expect((await viewer.call('GET', `/ledger/accounts/${fundingAccount.accountId}`)).json.data).toEqual(fundingAccount);
    const hidden = [(await accountOf(c1.customerId, 'external')).accountId, (await accountOf(c2.customerId, 'funding')).accountId];
    for (const accountId of hidden) {
      const response = await viewer.call('GET', `/ledger/accounts/${accountId}`);
      expect(response.statusCode, accountId).toBe(404);
      expect(response.json.errorCode).toBe('LEDGER_ACCOUNT_NOT_FOUND');
    }
    expect((await p.admin('GET', '/ledger/accounts/999999999')).json.errorCode).toBe('LEDGER_ACCOUNT_NOT_FOUND');
    expect((await p.admin('GET', '/ledger/accounts/abc')).statusCode).toBe(400);
  });

  it('needs credentials', async () => {
    const response = await p.app.inject({ method: 'GET', url: '/admin/v1/ledger/accounts' });
    expect(response.statusCode).toBe(401);
  });
});
