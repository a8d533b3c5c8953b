// The SDK's catalog, card and Standard-order methods against the real server:
// each method's happy path, its typed errors, and what withResponse() exposes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError, CardepassError, ConflictError, InvalidRequestError, NotFoundError, type Cardepass,
} from '../src/index.ts';
import { clientFor, failureOf, livePlatform, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

describe('products, cards and Standard orders', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let client: Cardepass;

  beforeAll(async () => {
    live = await livePlatform();
    client = clientFor(live, await live.p.customer({ USD: '1000' }));
  });
  afterAll(async () => { await live?.p.close(); });

  it('lists products and retrieves a card it applied for', async () => {
    const products = await client.products.list();
    expect(products.map((p) => p.productCode)).toEqual(expect.arrayContaining(['PROD001', 'PROD002']));

    const order = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 100, cardAlias: 'SDK card' });
    expect(order).toMatchObject({ status: 'Completed', orderType: 'ApplyCard', totalTopUpAmount: 100 });
    // The SDK numbered the order because the caller did not.
    expect(order.customerOrderNo).toMatch(/^sdk_[0-9a-f-]{36}$/);
    const card = await client.cards.retrieve(order.cardInfos[0]!.cardId);
    expect(card).toMatchObject({ cardModel: 'Standard', status: 'Active', alias: 'SDK card', cardCurrency: 'USD', balanceAmount: 100 });
    expect(card.cardNumber).toMatch(/^\d{16}$/);
  });

  it('runs a card through top-up, withdraw, block, unblock and cancel, amounts as numbers or strings', async () => {
    const applied = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '50.00', customerOrderNo: `apply-${Date.now()}` });
    const cardId = applied.cardInfos[0]!.cardId;

    const topUp = await client.orders.standard.topUp({ cardId, topUpAmount: '25.50' });
    expect(topUp).toMatchObject({ status: 'Completed', orderType: 'CardTopUp', cardId, totalTopUpAmount: 25.5 });
    const withdraw = await client.orders.standard.withdraw({ cardId, withdrawAmount: 10 });
    // PROD001 charges 1 per withdrawal, taken from the card.
    expect(withdraw).toMatchObject({ status: 'Completed', orderType: 'CardWithdraw', withdrawAmount: 10, withdrawFee: 1, totalAmount: 11 });
    expect((await client.cards.retrieve(cardId)).balanceAmount).toBe(64.5);

    expect(await client.orders.standard.block({ cardId })).toMatchObject({ status: 'Completed', orderType: 'CardBlock', isBlocked: true });
    expect((await client.cards.retrieve(cardId)).status).toBe('Blocked');
    expect(await client.orders.standard.unblock({ cardId })).toMatchObject({ status: 'Completed', orderType: 'CardUnblock' });
    const cancel = await client.orders.standard.cancel({ cardId });
    // …and 2 to cancel.
    expect(cancel).toMatchObject({ status: 'Completed', orderType: 'CardCancel', fee: 2, settleAmount: 62.5 });
    expect((await client.cards.retrieve(cardId)).status).toBe('Cancel');

    // Looked up by either number, the orders are the ones the POSTs answered.
    expect(await client.orders.standard.retrieve(topUp.orderNo)).toMatchObject({ orderNo: topUp.orderNo, orderType: 'CardTopUp' });
    expect(await client.orders.standard.retrieve({ orderNo: cancel.orderNo })).toMatchObject({ orderType: 'CardCancel' });
    expect(await client.orders.standard.retrieve({ customerOrderNo: applied.customerOrderNo! })).toMatchObject({ orderNo: applied.orderNo });

    const page = await client.orders.standard.list({ orderType: 'CardTopUp', pageSize: 5 });
    expect(page.data.map((o) => o.orderNo)).toContain(topUp.orderNo);
    expect(page.data.every((o) => o.orderType === 'CardTopUp')).toBe(true);
    await live.p.expectLedgerClean();
  });

  it('withResponse() gives the responseId, and a repeated customerOrderNo the original order, flagged replayed', async () => {
    const customerOrderNo = `dup-${Date.now()}`;
    const first = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 5, customerOrderNo }).withResponse();
    expect(first.responseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.get('x-response-id')).toBe(first.responseId);
    expect(first.replayed).toBe(false);
    const again = await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 5, customerOrderNo }).withResponse();
    expect(again.replayed).toBe(true);
    expect(again.data.orderNo).toBe(first.data.orderNo);
    expect(again.responseId).not.toBe(first.responseId);

    // The same number for a different request is a conflict.
    const conflict = await failureOf(client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 6, customerOrderNo }));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, errorCode: 'ORDER_NO_CONFLICT' });
  });

  it('maps error answers to typed errors that carry errorCode, message, responseId and body', async () => {
    const missing = await failureOf(client.cards.retrieve('CARD_DOES_NOT_EXIST'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toBeInstanceOf(CardepassError);
    expect(missing).toMatchObject({ status: 404, errorCode: 'CARD_NOT_FOUND', errorMessage: "Card 'CARD_DOES_NOT_EXIST' does not exist" });
    expect(missing.responseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.body).toMatchObject({ hasError: true, errorCode: 'CARD_NOT_FOUND', responseId: missing.responseId });
    expect(missing.message).toContain(missing.responseId);

    const badAmount = await failureOf(client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '1.234' }));
    expect(badAmount).toBeInstanceOf(InvalidRequestError);
    expect(badAmount).toMatchObject({ status: 400, errorCode: 'INVALID_AMOUNT' });

    const tooMuch = await failureOf(client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 1_000_000 }));
    expect(tooMuch).toMatchObject({ status: 400, errorCode: 'INSUFFICIENT_FUNDS' });
    const unknownProduct = await failureOf(client.orders.standard.apply({ productCode: 'NOPE', cardCurrency: 'USD', topUpAmount: 1 }));
    expect(unknownProduct).toBeInstanceOf(NotFoundError);
    const noOrder = await failureOf(client.orders.standard.retrieve('ORD_NOT_THERE'));
    expect(noOrder).toMatchObject({ status: 404, errorCode: 'ORDER_NOT_FOUND' });
    for (const call of [() => client.cards.retrieve(''), () => client.orders.standard.retrieve({} as never)]) {
      expect(call).toThrow(CardepassError);
    }
  });

  it('asks for Chinese error messages with language: zh', async () => {
    const customer = await live.p.customer();
    const zh = clientFor(live, customer, { language: 'zh' });
    const error = await failureOf(zh.cards.retrieve('NOPE'));
    expect(error).toMatchObject({ errorCode: 'CARD_NOT_FOUND', errorMessage: "卡 'NOPE' 不存在" });
  });
});
