import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, card, expectError, orderCount, post, postOk, snapshot } from '../../../../../test/standard-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/standard/block', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('blocks an Active card, moving no money, and answers the order with every documented field', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId, order: applied } = await applyCard(p, c, '10');
    const before = await snapshot(p, c, [cardId]);
    const response = await post(p, c, 'block', { cardId, customerOrderNo: 'BLK-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      cardInfo: applied.cardInfos[0],
      note: '', isBlocked: true, status: 'Completed', failureReason: '', orderType: 'CardBlock',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'BLK-1',
    });
    const after = await snapshot(p, c, [cardId]);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.cards).toEqual([{ id: cardId, status: 'Blocked', balanceAmount: 10 }]);
    expect(after.orders).toBe(before.orders + 1);
  });

  it('blocks a card again once it has been unblocked', async () => {
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '10');
    await postOk(p, c, 'block', { cardId });
    await postOk(p, c, 'unblock', { cardId });
    const again = await postOk(p, c, 'block', { cardId });
    expect(again.isBlocked).toBe(true);
    expect((await card(p, c, cardId)).status).toBe('Blocked');
    expect(await orderCount(p, c, 'CardBlock')).toBe(2);
  });

  describe('rejects, changing nothing,', () => {
    it('a card that is already Blocked (CARD_NOT_ACTIVE)', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'block', { cardId });
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'block', { cardId }), 400, 'CARD_NOT_ACTIVE', `Card '${cardId}' is Blocked; only an Active card can be blocked`);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
    });

    it('a card that is already Blocked, in Chinese', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'block', { cardId });
      const response = await post(p, c, 'block', { cardId }, { 'accept-language': 'zh-CN' });
      expectError(response, 400, 'CARD_NOT_ACTIVE', `卡 '${cardId}' 当前状态为 Blocked，只有 Active 状态的卡可以冻结`);
    });

    it('a cancelled card (CARD_CANCELLED)', async () => {
      const c = await p.customer({ USD: '100' });
      const { cardId } = await applyCard(p, c, '10');
      await postOk(p, c, 'cancel', { cardId });
      const before = await snapshot(p, c, [cardId]);
      expectError(await post(p, c, 'block', { cardId }), 400, 'CARD_CANCELLED', cardId);
      expect(await snapshot(p, c, [cardId])).toEqual(before);
      expect(await orderCount(p, c, 'CardBlock')).toBe(0);
    });
  });
});
