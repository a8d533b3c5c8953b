// orders.waitFor polls the order query until the order is final. The server
// answers order POSTs at once here (orderWaitMs 0), and a gated issuer channel
// keeps an order Processing until the test lets it through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardepassError, NotFoundError, TimeoutError, type Cardepass } from '../src/index.ts';
import { GatedChannel } from '../../server/test/gated-channel.ts';
import { clientFor, failureOf, livePlatform, recordingFetch, SUITE_OPTIONS, timed, type LivePlatform } from './sdk-harness.ts';

describe('orders.waitFor', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  const channel = new GatedChannel();
  let client: Cardepass;
  let recorder: ReturnType<typeof recordingFetch>;
  let cardId: string;

  beforeAll(async () => {
    live = await livePlatform({ channel, config: { orderWaitMs: 0 } });
    recorder = recordingFetch();
    client = clientFor(live, await live.p.customer({ USD: '500' }), { fetch: recorder.fetch });
    const applied = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 10 });
    cardId = (await client.orders.waitFor(applied.orderNo, { interval_ms: 50 })).cardInfos![0]!.cardId;
  });
  afterAll(async () => {
    channel.release();
    await live?.p.close();
  });

  it('polls a Processing order until it is Completed', async () => {
    const arrived = channel.hold('topUp');
    const accepted = await client.orders.standard.topUp({ cardId, topUpAmount: 5 });
    expect(accepted.status).toBe('Processing');
    await arrived;
    setTimeout(() => channel.release(), 400);
    recorder.exchanges.length = 0;
    const { result, elapsed_ms } = await timed(() => client.orders.waitFor(accepted.orderNo, { interval_ms: 100, timeout_ms: 10_000 }));
    expect(result).toMatchObject({ orderNo: accepted.orderNo, status: 'Completed', orderType: 'CardTopUp' });
    expect(elapsed_ms).toBeGreaterThanOrEqual(300);
    // Several polls of the Standard order query, by OrderNo.
    const polls = recorder.apiRequests();
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((e) => new URL(e.url).pathname.endsWith('/v1/orders/standard') && new URL(e.url).searchParams.get('OrderNo') === accepted.orderNo)).toBe(true);
  });

  it('finds the order by customerOrderNo too', async () => {
    const customerOrderNo = `wait-${Date.now()}`;
    await client.orders.standard.block({ cardId, customerOrderNo });
    expect(await client.orders.waitFor({ customerOrderNo }, { interval_ms: 50 })).toMatchObject({ status: 'Completed', orderType: 'CardBlock' });
    await client.orders.waitFor((await client.orders.standard.unblock({ cardId })).orderNo, { interval_ms: 50 });
  });

  it('throws TimeoutError when the order is still Processing at timeout_ms, and stops at the deadline', async () => {
    const arrived = channel.hold('withdraw');
    const accepted = await client.orders.standard.withdraw({ cardId, withdrawAmount: 1 });
    await arrived;
    try {
      const { result, elapsed_ms } = await timed(() => failureOf(client.orders.waitFor(accepted.orderNo, { interval_ms: 5_000, timeout_ms: 300 })));
      expect(result).toBeInstanceOf(TimeoutError);
      expect(result.message).toBe(`Order ${accepted.orderNo} is still Processing after 300 ms`);
      // The pause is cut to the time left: no 5-second sleep past a 300 ms deadline.
      expect(elapsed_ms).toBeLessThan(2_000);
    } finally {
      channel.release();
    }
    expect(await client.orders.waitFor(accepted.orderNo, { interval_ms: 50 })).toMatchObject({ status: 'Completed' });
  });

  it('returns a failed order rather than throwing, and rejects unknown orders and modes', async () => {
    const failing = await livePlatform({ config: { channelFailureRate: 1, orderWaitMs: 0 } });
    try {
      const failingClient = clientFor(failing, await failing.p.customer({ USD: '100' }));
      const accepted = await failingClient.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 10 });
      const order = await failingClient.orders.waitFor(accepted.orderNo, { interval_ms: 50 });
      expect(order.status).toBe('Failure');
      expect(order.failureReason).toMatch(/declined/);
    } finally {
      await failing.p.close();
    }
    await expect(client.orders.waitFor('ORD_NONE', { interval_ms: 50 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.orders.waitFor('ORD_NONE', { mode: 'credit' as never })).rejects.toThrow(CardepassError);
  });
});
