// client.events against the real server: the events real orders and deposits
// make, listed with every filter and walked page by page, one retrieved, its
// deliveries, a resend; another customer's events are not there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardepassError, InvalidRequestError, NotFoundError, type Cardepass, type CardepassEvent } from '../src/index.ts';
import { clientFor, failureOf, livePlatform, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

describe('events through the SDK', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let client: Cardepass;
  let cardId: string;
  let started: Date;

  beforeAll(async () => {
    live = await livePlatform();
    started = new Date(Date.now() - 1000);
    const customer = await live.p.customer({ USD: '500' });
    client = clientFor(live, customer);
    cardId = (await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 50 })).cardInfos[0]!.cardId;
    await client.orders.standard.topUp({ cardId, topUpAmount: 10 });
    await client.orders.standard.block({ cardId });
  });
  afterAll(async () => { await live?.p.close(); });

  it('lists the events the orders and the deposit made, newest first, typed by `type`', async () => {
    const all = await client.events.list({ pageSize: 100 });
    const types = all.data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['account.credited', 'card.created', 'order.completed', 'card.updated']));
    // Newest first: the block's card.updated comes before the card.created of the apply.
    expect(types.indexOf('card.updated')).toBeLessThan(types.indexOf('card.created'));
    const times = all.data.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const credited = all.data.find((e): e is Extract<CardepassEvent, { type: 'account.credited' }> => e.type === 'account.credited')!;
    expect(credited).toMatchObject({ cardId: null, data: { currency: 'USD', amount: 500 } });
    const cardEvents = all.data.filter((e) => e.cardId === cardId);
    // Per card, numbered 1, 2, 3 … in commit order: listed newest first, so descending without gaps.
    expect(cardEvents.map((e) => e.sequence)).toEqual(cardEvents.map((_, i) => cardEvents.length - i));
    for (const event of cardEvents) expect(JSON.stringify(event.data)).not.toMatch(/cardNumber|cvv/);
  });

  it('filters by type, card and date, and walks the pages', async () => {
    const orders = await client.events.list({ eventType: 'order.completed', cardId }).toArray();
    expect(orders.map((e) => e.type)).toEqual(['order.completed', 'order.completed', 'order.completed']);
    const byCard = await client.events.list({ cardId, dateFrom: started, dateTo: new Date(Date.now() + 60_000) }).toArray();
    expect(byCard.every((e) => e.cardId === cardId)).toBe(true);
    const walked = await client.events.list({ cardId, pageSize: 2 }).toArray();
    expect(walked.map((e) => e.eventId)).toEqual(byCard.map((e) => e.eventId));
    expect((await client.events.list({ dateFrom: '2001-01-01', dateTo: '2001-01-02' })).data).toEqual([]);
  });

  it('retrieves one event as listed, shows its deliveries and resends it', async () => {
    const [newest] = (await client.events.list({ pageSize: 1 })).data;
    expect(await client.events.retrieve(newest!.eventId)).toEqual(newest);
    expect(await client.events.deliveries(newest!.eventId)).toEqual([]);
    // No endpoint subscribed: nothing to queue.
    expect(await client.events.resend(newest!.eventId)).toEqual({ queued: 0 });

    const endpoint = await client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook' });
    expect(await client.events.resend(newest!.eventId, { endpointId: endpoint.endpointId })).toEqual({ queued: 1 });
    const [delivery] = await client.events.deliveries(newest!.eventId);
    expect(delivery).toMatchObject({ eventId: newest!.eventId, endpointId: endpoint.endpointId, status: 'Pending', attemptCount: 0, attempts: [] });
  });

  it('reports refusals typed, and hides other customers\' events', async () => {
    const [mine] = (await client.events.list({ pageSize: 1 })).data;
    const other = clientFor(live, await live.p.customer());
    for (const call of [other.events.retrieve(mine!.eventId), other.events.deliveries(mine!.eventId), other.events.resend(mine!.eventId)]) {
      const error = await failureOf(call);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.errorCode).toBe('EVENT_NOT_FOUND');
    }
    expect((await other.events.list({ pageSize: 100 })).data.map((e) => e.eventId)).not.toContain(mine!.eventId);
    expect(await failureOf(other.events.list({ cardId }))).toBeInstanceOf(NotFoundError);

    expect(await failureOf(client.events.list({ eventType: 'card.deleted' as never }))).toBeInstanceOf(InvalidRequestError);
    expect(await failureOf(client.events.list({ dateFrom: '2025-03-01', dateTo: '2025-01-01' }))).toMatchObject({ errorCode: 'INVALID_DATE_RANGE' });
    expect(() => client.events.list({ pageSize: 101 })).toThrow(CardepassError);
    expect(() => client.events.retrieve('')).toThrow(/eventId is required/);
  });
});
