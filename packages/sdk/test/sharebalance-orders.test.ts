// The SDK's ShareBalance-order methods against the real server: apply, change
// limits, block, unblock, cancel, look up and list, waitFor in that mode, a
// retried apply producing one card, and the typed errors of the mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError, NotFoundError, type Cardepass } from '../src/index.ts';
import { FaultProxy } from './fault-proxy.ts';
import { clientFor, failureOf, livePlatform, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

describe('ShareBalance orders', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let customer: Awaited<ReturnType<LivePlatform['p']['customer']>>;
  let client: Cardepass;

  beforeAll(async () => {
    live = await livePlatform();
    customer = await live.p.customer({ USD: '1000' });
    client = clientFor(live, customer);
  });
  afterAll(async () => { await live?.p.close(); });

  it('applies for a card with limits, changes them, blocks, unblocks and cancels it', async () => {
    const applied = await client.orders.shareBalance.apply({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '500', maxCreditAmount: 1000, cardAlias: 'SB' });
    // PROD001 charges 3 to open a ShareBalance card; nothing is loaded onto it.
    expect(applied).toMatchObject({ status: 'Completed', orderType: 'ApplyCard', maxAuthAmount: 500, maxCreditAmount: 1000, transAmount: 0, transFee: 3, openedQty: 1 });
    expect(applied.customerOrderNo).toMatch(/^sdk_/);
    const cardId = applied.cardInfos[0]!.cardId;
    expect(await client.cards.retrieve(cardId)).toMatchObject({ cardModel: 'ShareBalance', maxAuthAmount: 500, maxCreditAmount: 1000, usedCreditAmount: 0, alias: 'SB' });

    const limited = await client.orders.shareBalance.creditLimit({ cardId, maxAuthAmount: 20, maxCreditAmount: '50.5' });
    expect(limited).toMatchObject({ status: 'Completed', orderType: 'CreditLimit', cardId, maxAuthAmount: 20, maxCreditAmount: 50.5 });
    const unlimited = await client.orders.shareBalance.creditLimit({ cardId, maxAuthAmount: 20, maxCreditAmount: null });
    expect(unlimited.maxCreditAmount).toBeNull();
    expect((await client.cards.retrieve(cardId)).maxCreditAmount).toBeNull();

    expect(await client.orders.shareBalance.block({ cardId })).toMatchObject({ status: 'Completed', orderType: 'CardBlock', isBlocked: true });
    expect((await client.cards.retrieve(cardId)).status).toBe('Blocked');
    expect(await client.orders.shareBalance.unblock({ cardId })).toMatchObject({ status: 'Completed', orderType: 'CardUnblock' });
    const cancel = await client.orders.shareBalance.cancel({ cardId });
    expect(cancel).toMatchObject({ status: 'Completed', orderType: 'CardCancel' });
    expect((await client.cards.retrieve(cardId)).status).toBe('Cancel');

    expect(await client.orders.shareBalance.retrieve(limited.orderNo)).toMatchObject({ orderNo: limited.orderNo, orderType: 'CreditLimit', maxCreditAmount: 50.5 });
    expect(await client.orders.shareBalance.retrieve({ customerOrderNo: applied.customerOrderNo! })).toMatchObject({ orderNo: applied.orderNo });
    expect(await client.orders.waitFor(cancel.orderNo, { mode: 'shareBalance', interval_ms: 50 })).toMatchObject({ status: 'Completed', orderType: 'CardCancel' });
    await live.p.expectLedgerClean();
  });

  it('lists orders of a type across pages', async () => {
    const { cardInfos } = await client.orders.shareBalance.apply({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: 10 });
    const cardId = cardInfos[0]!.cardId;
    for (const maxAuthAmount of [11, 12, 13]) await client.orders.shareBalance.creditLimit({ cardId, maxAuthAmount, maxCreditAmount: null });
    const first = await client.orders.shareBalance.list({ orderType: 'CreditLimit', pageSize: 2 });
    expect(first).toMatchObject({ pageNumber: 1, pageSize: 2 });
    const all = await client.orders.shareBalance.list({ orderType: 'CreditLimit', pageSize: 2 }).toArray();
    expect(all).toHaveLength(first.totalRecords);
    expect(all.every((o) => o.orderType === 'CreditLimit')).toBe(true);
    expect(all.filter((o) => o.cardId === cardId).map((o) => o.maxAuthAmount)).toEqual([13, 12, 11]);
  });

  it('an apply whose answer was lost is retried under the same customerOrderNo: one card', async () => {
    const proxy = await FaultProxy.start(live.origin);
    try {
      const viaProxy = clientFor({ baseUrl: `${proxy.origin}${live.p.config.basePath}` }, customer);
      proxy.inject((method, path) => method === 'POST' && path.endsWith('/sharebalance/apply'), { kind: 'lose-answer', status: 503 });
      const order = await viaProxy.orders.shareBalance.apply({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: 5 }).withResponse();
      expect(proxy.count('POST', '/sharebalance/apply')).toBe(2);
      expect(order.replayed).toBe(true);
      const applies = await client.orders.shareBalance.list({ orderType: 'ApplyCard', pageSize: 100 }).toArray();
      expect(applies.filter((o) => o.customerOrderNo === order.data.customerOrderNo)).toHaveLength(1);
      await live.p.expectLedgerClean();
    } finally {
      await proxy.close();
    }
  });

  it("keeps the modes apart and reports the server's refusals typed", async () => {
    const standard = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 5 });
    const standardCardId = standard.cardInfos[0]!.cardId;
    const mismatch = await failureOf(client.orders.shareBalance.block({ cardId: standardCardId }));
    expect(mismatch).toBeInstanceOf(InvalidRequestError);
    expect(mismatch).toMatchObject({ status: 400, errorCode: 'CARD_MODEL_MISMATCH' });
    // A Standard order is not found by the ShareBalance query, and the other way round.
    expect(await failureOf(client.orders.shareBalance.retrieve(standard.orderNo))).toMatchObject({ status: 404, errorCode: 'ORDER_NOT_FOUND' });
    await expect(client.orders.waitFor(standard.orderNo, { mode: 'shareBalance', interval_ms: 50 })).rejects.toBeInstanceOf(NotFoundError);

    const badLimit = await failureOf(client.orders.shareBalance.apply({ productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '-1' }));
    expect(badLimit).toMatchObject({ status: 400, errorCode: 'INVALID_AMOUNT' });
    expect(await failureOf(client.orders.shareBalance.creditLimit({ cardId: 'NO_CARD', maxAuthAmount: 1 }))).toBeInstanceOf(NotFoundError);
  });
});
