// Block and unblock of ShareBalance cards: the same state rules as Standard
// cards, no money moves, and the card's limits are untouched.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { expectError, funding } from '../../../../../test/standard-kit.ts';
import { applyShareCard, sbOrderCount, sbPost, sbPostOk, sbSnapshot, shareCard } from '../../../../../test/share-balance-kit.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /v1/orders/sharebalance/block and /unblock', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '1000' });
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('blocks an Active card, moving no money, and answers every documented field', async () => {
    const { cardId, order: applied } = await applyShareCard(p, c);
    const before = await sbSnapshot(p, c, [cardId]);
    const response = await sbPost(p, c, 'block', { cardId, customerOrderNo: 'SB-BLK-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      cardInfo: applied.cardInfos[0],
      note: '', isBlocked: true, status: 'Completed', failureReason: '', orderType: 'CardBlock',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'SB-BLK-1',
    });
    const after = await sbSnapshot(p, c, [cardId]);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.cards).toEqual([{ ...before.cards[0], status: 'Blocked' }]);
    expect(after.orders).toBe(before.orders + 1);
  });

  it('unblocks a Blocked card, moving no money, and answers every documented field', async () => {
    const { cardId, order: applied } = await applyShareCard(p, c);
    await sbPostOk(p, c, 'block', { cardId });
    const fundsBefore = await funding(p, c);
    const response = await sbPost(p, c, 'unblock', { cardId, customerOrderNo: 'SB-UNB-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({
      orderNo: expect.stringMatching(/^ORD\w+$/),
      cardInfo: applied.cardInfos[0],
      note: '', status: 'Completed', failureReason: '', orderType: 'CardUnblock',
      createdOn: expect.stringMatching(ISO), modifiedOn: expect.stringMatching(ISO), completedOn: expect.stringMatching(ISO),
      customerOrderNo: 'SB-UNB-1',
    });
    expect(await shareCard(p, c, cardId)).toMatchObject({ status: 'Active', maxAuthAmount: 500, maxCreditAmount: 1000 });
    expect(await funding(p, c)).toEqual(fundsBefore);
  });

  it('blocks again once unblocked', async () => {
    const fresh = await p.customer({ USD: '10' });
    const { cardId } = await applyShareCard(p, fresh);
    for (const endpoint of ['block', 'unblock', 'block'] as const) await sbPostOk(p, fresh, endpoint, { cardId });
    expect((await shareCard(p, fresh, cardId)).status).toBe('Blocked');
    expect(await sbOrderCount(p, fresh, 'CardBlock')).toBe(2);
    expect(await sbOrderCount(p, fresh, 'CardUnblock')).toBe(1);
  });

  describe('rejects, changing nothing,', () => {
    it.each([
      ['a block of a Blocked card', ['block'], 'block', 'CARD_NOT_ACTIVE', 'is Blocked; only an Active card can be blocked', '当前状态为 Blocked，只有 Active 状态的卡可以冻结'],
      ['an unblock of an Active card', [], 'unblock', 'CARD_NOT_BLOCKED', 'is Active; only a Blocked card can be unblocked', '当前状态为 Active，只有 Blocked 状态的卡可以解冻'],
      ['a block of a cancelled card', ['cancel'], 'block', 'CARD_CANCELLED', 'is cancelled; no further operations are possible', '已注销，不能再进行任何操作'],
      ['an unblock of a cancelled card', ['block', 'cancel'], 'unblock', 'CARD_CANCELLED', 'is cancelled', '已注销'],
    ] as const)('%s', async (_, setUp, endpoint, code, en, zh) => {
      const { cardId } = await applyShareCard(p, c);
      for (const step of setUp) await sbPostOk(p, c, step, { cardId });
      const before = await sbSnapshot(p, c, [cardId]);
      expectError(await sbPost(p, c, endpoint, { cardId }), 400, code, `Card '${cardId}' ${en}`);
      expectError(await sbPost(p, c, endpoint, { cardId }, { 'accept-language': 'zh-CN' }), 400, code, `卡 '${cardId}' ${zh}`);
      expect(await sbSnapshot(p, c, [cardId])).toEqual(before);
    });
  });
});
