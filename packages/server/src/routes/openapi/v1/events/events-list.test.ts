import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, postOk } from '../../../../../test/standard-kit.ts';
import { allEvents, eventsPage, typesOf } from '../../../../../test/events-kit.ts';

describe('GET /v1/events', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let cardA: string;
  let cardB: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '1000' });
    cardA = (await applyCard(p, c, '100')).cardId;
    await postOk(p, c, 'topup', { cardId: cardA, topUpAmount: '5' });
    await postOk(p, c, 'block', { cardId: cardA });
    cardB = (await applyCard(p, c, '20')).cardId;
  });
  afterAll(async () => { await p.close(); });

  it('lists every event newest first, each in the payload shape', async () => {
    const page = await eventsPage(p, c);
    // Oldest first: the deposit; A: issued and its ApplyCard completed, a top-up, blocked and its block completed; B: issued, completed.
    // Within one transaction the later event comes first: an order's event is written at its commit.
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 20, totalRecords: 8, totalPages: 1 });
    expect(typesOf(page.data)).toEqual([
      'order.completed', 'card.created', 'order.completed', 'card.updated', 'order.completed', 'order.completed', 'card.created', 'account.credited',
    ]);
    expect(page.data.map((e: any) => e.cardId)).toEqual([cardB, cardB, cardA, cardA, cardA, cardA, cardA, null]);
    const times = page.data.map((e: any) => e.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
    for (const event of page.data) {
      expect(Object.keys(event).sort()).toEqual(['cardId', 'data', 'eventId', 'sequence', 'timestamp', 'type']);
      expect(event.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    }
    const deposit = page.data.at(-1);
    expect(deposit).toMatchObject({ type: 'account.credited', cardId: null, sequence: 1, data: { currency: 'USD', amount: 1000, balanceAfter: 1000 } });
  });

  it('filters by type, card and date, and pages', async () => {
    const created = await eventsPage(p, c, { EventType: 'card.created' });
    expect(created.totalRecords).toBe(2);
    expect(created.data.map((e: any) => e.cardId)).toEqual([cardB, cardA]);
    const ofA = await allEvents(p, c, { CardId: cardA });
    // A card's events, newest first, are numbered down to 1 without a gap.
    expect(ofA.map((e: any) => e.sequence)).toEqual([5, 4, 3, 2, 1]);
    expect(ofA.every((e: any) => e.cardId === cardA)).toBe(true);
    expect((await eventsPage(p, c, { CardId: cardA, EventType: 'card.updated' })).data.map((e: any) => e.data.status)).toEqual(['Blocked']);
    const today = new Date().toISOString().slice(0, 10);
    expect((await eventsPage(p, c, { DateFrom: today, DateTo: today })).totalRecords).toBe(8);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await eventsPage(p, c, { DateFrom: tomorrow })).totalRecords).toBe(0);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await eventsPage(p, c, { DateTo: yesterday })).totalRecords).toBe(0);
    const all = await allEvents(p, c);
    const second = await eventsPage(p, c, { PageSize: '4', PageNumber: '2' });
    expect(second).toMatchObject({ pageSize: 4, totalRecords: 8, totalPages: 2 });
    expect(second.data).toEqual(all.slice(4, 8));
    expect((await eventsPage(p, c, { PageSize: '4', PageNumber: '1' })).data).toEqual(all.slice(0, 4));
    expect((await eventsPage(p, c, { PageSize: '4', PageNumber: '3' })).data).toEqual([]);
  });

  it('rejects bad filters with a 400 naming the parameter', async () => {
    const get = (query: Record<string, string>) => p.api('GET', '/v1/events', { token: c.token, query });
    expectError(await get({ EventType: 'order.created' }), 400, 'VALIDATION_FAILED', 'EventType');
    expectError(await get({ DateFrom: '2025-02-30' }), 400, 'VALIDATION_FAILED', 'DateFrom');
    expectError(await get({ DateTo: 'yesterday' }), 400, 'VALIDATION_FAILED', 'DateTo');
    expectError(await get({ DateFrom: '1999-12-31' }), 400, 'INVALID_DATE', 'DateFrom');
    expectError(await get({ DateFrom: '2025-03-01', DateTo: '2025-02-01' }), 400, 'INVALID_DATE_RANGE', 'DateFrom');
    expectError(await get({ DateFrom: '2025-01-01', DateTo: '2025-04-01' }), 400, 'DATE_RANGE_TOO_LONG');
    expect((await get({ DateFrom: '2025-01-01', DateTo: '2025-03-31' })).statusCode).toBe(200);
    expectError(await get({ PageSize: '101' }), 400, 'VALIDATION_FAILED', 'PageSize');
    expectError(await get({ PageNumber: '0' }), 400, 'VALIDATION_FAILED', 'PageNumber');
    expectError(await get({ CardId: 'CARDNOSUCHCARD' }), 404, 'CARD_NOT_FOUND');
  });

  it('shows a customer only its own events', async () => {
    const stranger = await p.customer();
    expect((await eventsPage(p, stranger)).totalRecords).toBe(0);
    expectError(await p.api('GET', '/v1/events', { token: stranger.token, query: { CardId: cardA } }), 404, 'CARD_NOT_FOUND');
    expectError(await p.api('GET', '/v1/events', { token: null }), 401, 'UNAUTHORIZED');
    expectError(await p.api('GET', '/v1/events', { token: 'not-a-token' }), 401, 'INVALID_TOKEN');
  });
});
