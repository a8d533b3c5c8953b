import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, orderCount, post, postOk, snapshot } from '../../../../../test/standard-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/standard/unblock', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('unblocks a Blocked card, moving no money, and answers the order with every documented field', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId, order: applied } = await applyCard(p, c, '10');
    await postOk(p, c, 'block', { cardId });
    const before = await snapshot(p, c, [cardId]);
    const response = await post(p, c, 'unblock', { cardId, customerOrderNo: 'UBK-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      cardInfo: applied.cardInfos[0],
      note: '', status: 'Completed', failureReason: '', orderType: 'CardUnblock',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'UBK-1',
    });
    const after = await snapshot(p, c, [cardId]);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.cards).toEqual([{ id: cardId, status: 'Active', balanceAmount: 10 }]);
    expect(after.orders).toBe(before.orders + 1);
  });

  it('leaves a card that works again: it can be topped up and withdrawn from', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '10');
    await postOk(p, c, 'block', { cardId });
    await postOk(p, c, 'unblock', { cardId });
    await postOk(p, c, 'topup', { cardId, topUpAmount: '5' });
    const withdrawn = await postOk(p, c, 'withdraw', { cardId });
    expect(withdrawn.withdrawAmount).toBe(14);
  });

  describe('rejects, changing nothing,', () => {
    it('an Active card (CARD_NOT_BLOCKED)', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'unblock', { cardId }), 400, 'CARD_NOT_BLOCKED', `Card '${cardId}' is Active; only a Blocked card can be unblocked`);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
      expect(await orderCount(p, c, 'CardUnblock')).toBe(0);
    });

    it('a card unblocked already (CARD_NOT_BLOCKED), in Chinese', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'block', { cardId });
      await postOk(p, c, 'unblock', { cardId });
      const before = await snapshot(p, c, [cardId]);
      const response = await post(p, c, 'unblock', { cardId }, { 'accept-language': 'zh' });
      expectError(response, 400, 'CARD_NOT_BLOCKED', `卡 '${cardId}' 当前状态为 Active，只有 Blocked 状态的卡可以解冻`);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
    });

    it('a card cancelled while Blocked (CARD_CANCELLED)', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'block', { cardId });
      await postOk(p, c, 'cancel', { cardId });
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'unblock', { cardId }), 400, 'CARD_CANCELLED', cardId);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
    });
  });
});
