import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from './harness.ts';

describe('harness', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });

  it('applies for a card and reads it back', async () => {
    const c = await p.customer({ USD: '1000' });
    const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100' } });
    expect(apply.statusCode, apply.body).toBe(200);
    expect(apply.json.data.status).toBe('Completed');
    const cardId = apply.json.data.cardInfos[0].cardId;
    const card = await p.api('GET', `/v1/cards/${cardId}`, { token: c.token });
    expect(card.json.data.balanceAmount).toBe(100);
    await p.expectLedgerClean();
  });
});
