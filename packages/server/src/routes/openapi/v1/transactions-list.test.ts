import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { applyCard, expectError } from '../../../../test/standard-kit.ts';
import { applyShareCard } from '../../../../test/share-balance-kit.ts';
import { approved, authorize, simulateOk, transactions } from '../../../../test/transactions-kit.ts';

describe('GET /v1/transactions', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let standardCard: string;
  let shareCard: string;
  let settledAuth: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '5000' });
    standardCard = (await applyCard(p, c, '500')).cardId;
    shareCard = (await applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '1000' })).cardId;
    settledAuth = await approved(p, c, standardCard, '12.34', { merchantName: 'Bookshop', mcc: '5942', merchantCountry: 'GB', reference: 'list-1' });
    await simulateOk(p, c, 'clear', { transactionId: settledAuth });
    await simulateOk(p, c, 'refund', { transactionId: settledAuth, amount: '2.34' });
    const reversed = await approved(p, c, shareCard, '20');
    await simulateOk(p, c, 'reverse', { transactionId: reversed });
    await authorize(p, c, shareCard, '150'); // declined: over maxAuthAmount
    for (let i = 0; i < 3; i++) await approved(p, c, shareCard, '1');
  });
  afterAll(async () => { await p.close(); });

  it('lists every transaction newest first with the fields a user expects', async () => {
    const page = await transactions(p, c);
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: 9, totalPages: 1 });
    const times = page.data.map((t: any) => t.transactionTime);
    expect([...times].sort().reverse()).toEqual(times);
    const clearing = page.data.find((t: any) => t.transactionType === 'Clearing');
    expect(clearing).toEqual({
      transactionId: expect.stringMatching(/^TXN/), cardId: standardCard, cardModel: 'Standard', transactionType: 'Clearing', status: 'Completed',
      amount: 12.34, currency: 'USD', billingAmount: 12.34, billingCurrency: 'USD', heldAmount: 0, clearedAmount: 0, reversedAmount: 0, refundedAmount: 0,
      merchantName: 'Bookshop', mcc: '5942', merchantCountry: 'GB', authCode: null, declineReason: null, declineMessage: null,
      authorizationId: settledAuth, reference: null, transactionTime: expect.any(String), authorizationTime: expect.any(String),
      settlementTime: expect.any(String), expiresAt: null,
    });
    const auth = page.data.find((t: any) => t.transactionId === settledAuth);
    expect(auth).toMatchObject({ status: 'Settled', clearedAmount: 12.34, refundedAmount: 2.34, reference: 'list-1', authCode: expect.stringMatching(/^\d{6}$/) });
    expect(clearing.authorizationTime).toBe(auth.transactionTime);
  });

  it('filters by card, type, status and authorization, and pages', async () => {
    expect((await transactions(p, c, { CardId: standardCard })).totalRecords).toBe(3);
    expect((await transactions(p, c, { CardId: shareCard, TransactionType: 'Authorization' })).totalRecords).toBe(5);
    expect((await transactions(p, c, { Status: 'Declined' })).data.map((t: any) => t.declineReason)).toEqual(['EXCEEDS_MAX_AUTH_AMOUNT']);
    expect((await transactions(p, c, { Status: 'Reversed' })).totalRecords).toBe(1);
    expect((await transactions(p, c, { AuthorizationId: settledAuth })).data.map((t: any) => t.transactionType).sort()).toEqual(['Authorization', 'Clearing', 'Refund']);
    const first = await transactions(p, c, { PageSize: '4', PageNumber: '1' });
    const third = await transactions(p, c, { PageSize: '4', PageNumber: '3' });
    expect(first).toMatchObject({ totalRecords: 9, totalPages: 3 });
    expect(first.data).toHaveLength(4);
    expect(third.data).toHaveLength(1);
    expect((await transactions(p, c, { PageSize: '4', PageNumber: '4' })).data).toEqual([]);
  });

  it('filters by date as the quick-start guide shows: a date covers its whole UTC day', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await transactions(p, c, { CardId: standardCard, TransactionDateFrom: today, TransactionDateTo: today })).totalRecords).toBe(3);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await transactions(p, c, { TransactionDateFrom: tomorrow })).totalRecords).toBe(0);
  });

  it('rejects bad filters with a 400 naming the parameter', async () => {
    expectError(await p.api('GET', '/v1/transactions', { token: c.token, query: { TransactionDateFrom: '2024-01-01', TransactionDateTo: '2024-12-31' } }), 400, 'DATE_RANGE_TOO_LONG');
    expectError(await p.api('GET', '/v1/transactions', { token: c.token, query: { TransactionDateFrom: '2024-02-30' } }), 400, 'VALIDATION_FAILED', 'TransactionDateFrom');
    expectError(await p.api('GET', '/v1/transactions', { token: c.token, query: { TransactionType: 'Purchase' } }), 400, 'VALIDATION_FAILED', 'TransactionType');
    expectError(await p.api('GET', '/v1/transactions', { token: c.token, query: { PageSize: '101' } }), 400, 'VALIDATION_FAILED', 'PageSize');
  });

  it('shows a customer only its own transactions', async () => {
    const stranger = await p.customer({ USD: '10' });
    expect((await transactions(p, stranger)).totalRecords).toBe(0);
    expect((await transactions(p, stranger, { AuthorizationId: settledAuth })).totalRecords).toBe(0);
    expectError(await p.api('GET', '/v1/transactions', { token: stranger.token, query: { CardId: standardCard } }), 404, 'CARD_NOT_FOUND');
    expectError(await p.api('GET', '/v1/transactions', { token: null }), 401, 'UNAUTHORIZED');
  });

  it('keeps card transactions out of the card fund logs, as the documents say, and in the funding account\'s', async () => {
    const logs = await p.api('GET', '/v1/accounts/cardAccountLogs', { token: c.token, query: { CardId: standardCard } });
    expect(logs.statusCode).toBe(200);
    expect(logs.json.data).toMatchObject({ totalRecords: 1, data: [{ logType: 'ApplyCard' }] });
    // A ShareBalance card spends the funding account: its clearings are that account's movements.
    await simulateOk(p, c, 'clear', { transactionId: await approved(p, c, shareCard, '3') });
    const funding = await p.api('GET', '/v1/accounts/accountLogs', { token: c.token, query: { Currency: 'USD', Limit: '1' } });
    expect(funding.json.data.data[0]).toMatchObject({ logType: 'Clearing', amount: -3, description: 'Card purchase settled' });
  });
});
