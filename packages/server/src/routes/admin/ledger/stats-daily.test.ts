// GET /admin/v1/stats/daily
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { applyCard, post, postOk } from '../../../../test/standard-kit.ts';
import { approved, authorize } from '../../../../test/transactions-kit.ts';

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('GET /admin/v1/stats/daily', () => {
  let p: TestPlatform;
  let c1: TestCustomer;
  let c2: TestCustomer;
  let viewer: TestUser;
  const today = isoDay(Date.now());
  const yesterday = isoDay(Date.now() - DAY_MS);
  beforeAll(async () => {
    p = await createTestPlatform();
    c1 = await p.customer({ USD: '1000' });
    c2 = await p.customer({ USD: '500' });
    const { cardId } = await applyCard(p, c1, '100');
    await postOk(p, c1, 'topup', { cardId, topUpAmount: '10.50' });
    await postOk(p, c1, 'withdraw', { cardId, withdrawAmount: '5.25' });
    // A withdrawal the card cannot pay: refused at once, so it is no order at all.
    expect((await post(p, c1, 'withdraw', { cardId, withdrawAmount: '100000' })).statusCode).toBe(400);
    await approved(p, c1, cardId, '3.10');
    await approved(p, c1, cardId, '2');
    expect((await authorize(p, c1, cardId, '9999')).status).toBe('Declined');
    // c2's card was issued just before midnight yesterday (UTC): it counts on yesterday.
    const other = await applyCard(p, c2, '20');
    await sql`UPDATE cards SET created_at = ${`${yesterday}T23:59:59.999Z`}::timestamptz WHERE id = ${other.cardId}`.execute(p.store.db);
    viewer = await createUser(p, 'customer_viewer', { customerId: c1.customerId });
  });
  afterAll(async () => { await p?.close(); });

  const stats = (query: string) => p.admin('GET', `/stats/daily?${query}`);
  const dayOf = (data: any, date: string) => data.days.find((d: any) => d.date === date);

  it('answers every day of the last 30 by default, with today\'s activity of the customer', async () => {
    const response = await stats(`currency=USD&customerId=${c1.customerId}`);
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json.data;
    expect(data).toMatchObject({ currency: 'USD', from: isoDay(Date.now() - 29 * DAY_MS), to: today });
    expect(data.days).toHaveLength(30);
    expect(data.days.map((d: any) => d.date)).toEqual([...data.days.map((d: any) => d.date)].sort());
    expect(dayOf(data, today)).toEqual({
      date: today, issuedCards: 1,
      orders: [{ orderType: 'ApplyCard', status: 'Completed', count: 1 }, { orderType: 'CardTopUp', status: 'Completed', count: 1 }, { orderType: 'CardWithdraw', status: 'Completed', count: 1 }],
      authorizationsApproved: 2, authorizationsApprovedAmount: 5.1, authorizationsDeclined: 1, authorizationsDeclinedAmount: 9999,
      topUpAmount: 110.5, withdrawalAmount: 5.25,
    });
    const quiet = data.days.filter((d: any) => d.date !== today);
    expect(quiet.every((d: any) => d.issuedCards === 0 && d.orders.length === 0 && d.topUpAmount === 0 && d.authorizationsDeclined === 0)).toBe(true);
    await p.expectLedgerClean();
  });

  it('operators see every customer; days are UTC days; another currency counts nothing', async () => {
    const data = (await stats(`currency=usd&from=${yesterday}&to=${today}`)).json.data;
    expect(data.days.map((d: any) => [d.date, d.issuedCards])).toEqual([[yesterday, 1], [today, 1]]);
    expect(dayOf(data, today).topUpAmount).toBe(130.5);
    const eur = (await stats(`currency=EUR&from=${yesterday}&to=${today}`)).json.data;
    expect(eur.days.every((d: any) => d.issuedCards === 0 && d.orders.length === 0)).toBe(true);
  });

  it('a customer user gets its own customer\'s figures, and 404 for another customer', async () => {
    const own = (await viewer.call('GET', `/stats/daily?currency=USD&from=${yesterday}&to=${today}`)).json.data;
    expect(own.days.map((d: any) => d.issuedCards)).toEqual([0, 1]);
    const other = await viewer.call('GET', `/stats/daily?currency=USD&customerId=${c2.customerId}`);
    expect(other.statusCode).toBe(404);
    expect(other.json.errorCode).toBe('CUSTOMER_NOT_FOUND');
  });

  it('rejects a missing or unknown currency, impossible days, reversed and over-long ranges', async () => {
    const cases: Array<[string, string, string]> = [
      ['from=2026-01-01', 'VALIDATION_FAILED', 'currency'],
      ['currency=XYZ', 'VALIDATION_FAILED', 'currency'],
      ['currency=USD&from=2026-02-30&to=2026-03-01', 'VALIDATION_FAILED', 'from'],
      ['currency=USD&from=2026-03-02&to=2026-03-01', 'INVALID_DATE_RANGE', 'from'],
      ['currency=USD&from=2026-01-01&to=2026-04-03', 'VALIDATION_FAILED', 'to'],
      ['currency=USD&from=1999-12-31&to=2000-01-01', 'INVALID_DATE', 'from'],
    ];
    for (const [query, code, field] of cases) {
      const response = await stats(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json.errorCode, query).toBe(code);
      expect(response.json.errorMessage, query).toContain(field);
    }
    // 92 days is the longest range.
    expect((await stats('currency=USD&from=2026-01-01&to=2026-04-02')).json.data.days).toHaveLength(92);
  });
});
