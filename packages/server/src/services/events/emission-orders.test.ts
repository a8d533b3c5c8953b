// Every order of both modes emits order.completed (or order.failed) whose data
// is the order exactly as the order query renders it, and the card changes it
// made emit card.updated with the card as GET /v1/cards renders it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { SwitchableChannel } from '../../../test/gated-channel.ts';
import { applyCard, postOk } from '../../../test/standard-kit.ts';
import { applyShareCard, sbPostOk } from '../../../test/share-balance-kit.ts';
import { cardWithoutNumbers, eventsInOrder, eventsSince, queriedOrder, typesOf } from '../../../test/events-kit.ts';

describe('order events', () => {
  const channel = new SwitchableChannel();
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ channel });
    c = await p.customer({ USD: '5000' });
  });
  afterEach(async () => {
    channel.down = false;
    await p.expectLedgerClean();
  });
  afterAll(async () => { await p?.close(); });

  /** Runs an order step; returns the order and the events it emitted (oldest first). */
  async function step(run: () => Promise<any>): Promise<{ order: any; events: any[] }> {
    const before = await eventsInOrder(p, c);
    const order = await run();
    return { order, events: await eventsSince(p, c, before) };
  }

  /** The step's order event is the order as the query renders it, on the card's stream right after the events before it. */
  async function expectOrderEvent(events: any[], order: any, mode: 'standard' | 'sharebalance', type = 'order.completed') {
    const event = events.at(-1);
    expect(event.type).toBe(type);
    expect(event.data).toEqual(await queriedOrder(p, c, order.orderNo, mode));
    return event;
  }

  it('Standard: apply, top-up, withdraw, block, unblock, cancel each emit their order, and card changes their card', async () => {
    const apply = await step(() => applyCard(p, c, '100').then((r) => r.order));
    const cardId = apply.order.cardInfos[0].cardId;
    expect(typesOf(apply.events)).toEqual(['card.created', 'order.completed']);
    await expectOrderEvent(apply.events, apply.order, 'standard');
    expect(apply.events.map((e) => [e.cardId, e.sequence])).toEqual([[cardId, 1], [cardId, 2]]);

    let sequence = 2;
    const steps: Array<[string, Record<string, unknown>, string[], string | null]> = [
      ['topup', { cardId, topUpAmount: '25' }, ['order.completed'], null],
      ['withdraw', { cardId, withdrawAmount: '10' }, ['order.completed'], null],
      ['block', { cardId }, ['card.updated', 'order.completed'], 'Blocked'],
      ['unblock', { cardId }, ['card.updated', 'order.completed'], 'Active'],
      ['cancel', { cardId }, ['card.updated', 'order.completed'], 'Cancel'],
    ];
    for (const [endpoint, body, types, status] of steps) {
      const { order, events } = await step(() => postOk(p, c, endpoint as 'topup', body));
      expect(typesOf(events), endpoint).toEqual(types);
      await expectOrderEvent(events, order, 'standard');
      expect(events.map((e) => e.sequence), endpoint).toEqual(types.map(() => ++sequence));
      expect(events.every((e) => e.cardId === cardId)).toBe(true);
      if (status) {
        expect(events[0].data.status).toBe(status);
        expect(events[0].data, endpoint).toEqual(await cardWithoutNumbers(p, c, cardId));
      }
    }
  });

  it('ShareBalance: apply, creditLimit, block, unblock, cancel each emit their order, and card changes their card', async () => {
    const apply = await step(() => applyShareCard(p, c, { maxAuthAmount: '100', maxCreditAmount: '300' }).then((r) => r.order));
    const cardId = apply.order.cardInfos[0].cardId;
    expect(typesOf(apply.events)).toEqual(['card.created', 'order.completed']);
    await expectOrderEvent(apply.events, apply.order, 'sharebalance');
    expect(apply.events[0].data).toEqual(await cardWithoutNumbers(p, c, cardId));

    const steps: Array<[string, Record<string, unknown>]> = [
      ['creditLimit', { cardId, maxAuthAmount: '150', maxCreditAmount: '400' }],
      ['block', { cardId }], ['unblock', { cardId }], ['cancel', { cardId }],
    ];
    let sequence = 2;
    for (const [endpoint, body] of steps) {
      const { order, events } = await step(() => sbPostOk(p, c, endpoint as 'block', body));
      expect(typesOf(events), endpoint).toEqual(['card.updated', 'order.completed']);
      await expectOrderEvent(events, order, 'sharebalance');
      expect(events.map((e) => e.sequence)).toEqual([++sequence, ++sequence]);
      expect(events[0].data, endpoint).toEqual(await cardWithoutNumbers(p, c, cardId));
    }
  });

  it('a failed ApplyCard emits order.failed about no card, numbered in the customer stream', async () => {
    const customerEventsBefore = (await eventsInOrder(p, c)).filter((e) => e.cardId === null);
    channel.down = true;
    const { order, events } = await step(() => postOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' }, 'Failure'));
    expect(typesOf(events)).toEqual(['order.failed']);
    const event = await expectOrderEvent(events, order, 'standard', 'order.failed');
    expect(event.cardId).toBeNull();
    expect(event.data).toMatchObject({ status: 'Failure', failureReason: expect.any(String), cardInfos: [] });
    expect(event.sequence).toBe(customerEventsBefore.at(-1).sequence + 1);
  });

  it('a failed top-up or CreditLimit emits order.failed on its card, and no card.updated', async () => {
    const standard = (await applyCard(p, c, '10')).cardId;
    const share = (await applyShareCard(p, c)).cardId;
    channel.down = true;
    const topUp = await step(() => postOk(p, c, 'topup', { cardId: standard, topUpAmount: '5' }, 'Failure'));
    expect(typesOf(topUp.events)).toEqual(['order.failed']);
    expect((await expectOrderEvent(topUp.events, topUp.order, 'standard', 'order.failed'))).toMatchObject({ cardId: standard, sequence: 3 });
    const limit = await step(() => sbPostOk(p, c, 'creditLimit', { cardId: share, maxAuthAmount: '1', maxCreditAmount: '2' }, 'Failure'));
    expect(typesOf(limit.events)).toEqual(['order.failed']);
    expect((await expectOrderEvent(limit.events, limit.order, 'sharebalance', 'order.failed'))).toMatchObject({ cardId: share, sequence: 3 });
  });
});
