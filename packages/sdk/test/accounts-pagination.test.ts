// Funding accounts and the account logs, and auto-pagination over the real
// server: PageNumber/PageSize lists (card logs, orders) and the Limit/Offset
// list (funding account logs) walk every page once and stop at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardepassError, InvalidRequestError, NotFoundError, type Cardepass } from '../src/index.ts';
import { clientFor, failureOf, livePlatform, recordingFetch, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

const TOP_UPS = 5;

describe('accounts and pagination', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let client: Cardepass;
  let recorder: ReturnType<typeof recordingFetch>;
  let cardId: string;
  const queriesOf = (path: string) => recorder.apiRequests().filter((e) => new URL(e.url).pathname.endsWith(path)).map((e) => new URL(e.url).search);

  beforeAll(async () => {
    live = await livePlatform();
    recorder = recordingFetch();
    client = clientFor(live, await live.p.customer({ USD: '1000', EUR: '300' }), { fetch: recorder.fetch });
    const applied = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 10 });
    cardId = applied.cardInfos[0]!.cardId;
    for (let i = 1; i <= TOP_UPS; i++) await client.orders.standard.topUp({ cardId, topUpAmount: i });
  });
  afterAll(async () => { await live?.p.close(); });

  it('lists the funding accounts with available, ledger and held amounts', async () => {
    const accounts = await client.accounts.list();
    const eur = accounts.find((a) => a.currency === 'EUR');
    expect(eur).toEqual({ currency: 'EUR', amount: 300, ledgerAmount: 300, heldAmount: 0 });
    expect(accounts.find((a) => a.currency === 'USD')!.amount).toBeLessThan(1000);
  });

  it('awaits the first page of card logs, and iterates every page by PageNumber', async () => {
    const all = await client.accounts.cardLogs({ cardId, pageSize: 100 });
    expect(all.totalRecords).toBeGreaterThanOrEqual(TOP_UPS + 1);
    expect(all.data.every((log) => log.cardId === cardId)).toBe(true);

    const first = await client.accounts.cardLogs({ cardId, pageSize: 2 });
    expect(first).toMatchObject({ pageNumber: 1, pageSize: 2, totalRecords: all.totalRecords, totalPages: Math.ceil(all.totalRecords / 2) });
    expect(first.data).toEqual(all.data.slice(0, 2));

    recorder.exchanges.length = 0;
    const walked = [];
    for await (const log of client.accounts.cardLogs({ cardId, pageSize: 2 })) walked.push(log);
    expect(walked.map((l) => l.logId)).toEqual(all.data.map((l) => l.logId));
    // One request per page, with the API's casing, and none past the last page.
    expect(queriesOf('/cardAccountLogs')).toEqual(Array.from({ length: first.totalPages }, (_, i) =>
      i === 0 ? `?CardId=${cardId}&PageSize=2` : `?CardId=${cardId}&PageSize=2&PageNumber=${i + 1}`));
  });

  it('iterates the funding account logs by Limit/Offset, filtered by currency and dates', async () => {
    const query = { currency: 'USD', transactionDateFrom: new Date(Date.now() - 86_400_000), transactionDateTo: new Date().toISOString().slice(0, 10) };
    const all = await client.accounts.logs({ ...query, limit: 100 });
    expect(all.totalRecords).toBeGreaterThanOrEqual(TOP_UPS + 2);
    expect(all.data.every((log) => log.currency === 'USD')).toBe(true);

    recorder.exchanges.length = 0;
    const walked = await client.accounts.logs({ ...query, limit: 3 }).toArray();
    expect(walked.map((l) => l.logId)).toEqual(all.data.map((l) => l.logId));
    const offsets = queriesOf('/accountLogs').map((search) => new URLSearchParams(search).get('Offset'));
    expect(offsets).toEqual(Array.from({ length: Math.ceil(all.totalRecords / 3) }, (_, i) => (i === 0 ? null : String(i * 3))));
    const firstQuery = new URLSearchParams(queriesOf('/accountLogs')[0]);
    expect(firstQuery.get('TransactionDateFrom')).toBe(query.transactionDateFrom.toISOString());
    expect(firstQuery.get('TransactionDateTo')).toBe(query.transactionDateTo);

    // pages() yields the page objects; toArray(limit) stops early.
    const pages = [];
    for await (const page of client.accounts.logs({ ...query, limit: 3, offset: 3 }).pages()) pages.push(page);
    expect(pages.flatMap((p) => p.data).map((l) => l.logId)).toEqual(all.data.slice(3).map((l) => l.logId));
    expect(await client.accounts.logs({ ...query, limit: 2 }).toArray(3)).toHaveLength(3);
  });

  it('walks the order list across pages and stops at totalPages', async () => {
    const orders = await client.orders.standard.list({ orderType: 'CardTopUp', pageSize: 2 }).toArray();
    expect(orders).toHaveLength(TOP_UPS);
    expect(new Set(orders.map((o) => o.orderNo)).size).toBe(TOP_UPS);
    // An empty result is one request, no iteration.
    recorder.exchanges.length = 0;
    expect(await client.orders.standard.list({ orderType: 'CardBlock' }).toArray()).toEqual([]);
    expect(recorder.apiRequests()).toHaveLength(1);
  });

  it('rejects a page size over 100 before sending, and reports the server\'s errors typed', async () => {
    expect(() => client.accounts.cardLogs({ pageSize: 101 })).toThrow(CardepassError);
    expect(() => client.accounts.logs({ limit: 0 })).toThrow(/limit must be a whole number from 1 to 100/);
    const unknownCard = await failureOf(client.accounts.cardLogs({ cardId: 'NO_SUCH_CARD' }));
    expect(unknownCard).toBeInstanceOf(NotFoundError);
    const badRange = client.accounts.logs({ transactionDateFrom: '2025-02-01', transactionDateTo: '2025-01-01' });
    await expect(badRange).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(badRange).rejects.toMatchObject({ errorCode: 'INVALID_DATE_RANGE' });
    // Iterating reports the same error.
    await expect(client.accounts.logs({ transactionDateFrom: '2024-01-01', transactionDateTo: '2025-01-01' }).toArray())
      .rejects.toMatchObject({ errorCode: 'DATE_RANGE_TOO_LONG' });
  });
});
