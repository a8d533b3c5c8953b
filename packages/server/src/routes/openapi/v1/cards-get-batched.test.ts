import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { signJwt } from '../../../lib/jwt.ts';

// Card reads that arrive together share one statement (CardDirectory.view): each still gets its own
// card, decrypted for it alone, and another customer's card in the same batch stays a 404.
describe('GET /openapi/v1/cards/{cardId}: concurrent reads', () => {
  let p: TestPlatform;
  let a: TestCustomer;
  let b: TestCustomer;
  const cardsOf = new Map<TestCustomer, string[]>();

  beforeAll(async () => {
    p = await createTestPlatform();
    a = await p.customer({ USD: '1000' });
    b = await p.customer({ USD: '1000' });
    for (const customer of [a, b]) {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const apply = await p.api('POST', '/v1/orders/standard/apply', {
          token: customer.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: String(10 + i) },
        });
        expect(apply.statusCode, apply.body).toBe(200);
        ids.push(apply.json.data.cardInfos[0].cardId);
      }
      cardsOf.set(customer, ids);
    }
  });
  afterAll(async () => { await p?.close(); });

  it('answers 24 parallel reads of two customers each with its own card, in fewer statements than reads', async () => {
    const prepared = p.store.prepared;
    let statements = 0;
    p.store.prepared = ((query) => { statements++; return prepared(query); }) as typeof prepared;
    try {
      const reads = [...Array(24).keys()].map((i) => {
        const owner = i % 2 === 0 ? a : b;
        const nth = Math.floor(i / 2) % 4;
        return { owner, nth, cardId: cardsOf.get(owner)![nth]! };
      });
      // Warm the principal cache first, so that the reads themselves are what is counted.
      await p.api('GET', '/v1/ping', { token: a.token });
      await p.api('GET', '/v1/ping', { token: b.token });
      statements = 0;
      const answers = await Promise.all(reads.map((r) => p.api('GET', `/v1/cards/${r.cardId}`, { token: r.owner.token })));
      answers.forEach((answer, i) => {
        expect(answer.statusCode, answer.body).toBe(200);
        expect(answer.json.data.cardId).toBe(reads[i]!.cardId);
        expect(answer.json.data.balanceAmount).toBe(10 + reads[i]!.nth);
        expect(answer.json.data.cardNumber).toMatch(/^\d{16}$/);
      });
      expect(new Set(answers.map((answer) => answer.json.data.cardNumber)).size).toBe(8);
      expect(statements).toBeLessThan(reads.length);
    } finally {
      p.store.prepared = prepared;
    }
  });

  it("another customer's card read in the same batch as its owner's is CARD_NOT_FOUND, the owner's read is not", async () => {
    const cardId = cardsOf.get(a)![0]!;
    const [own, foreign] = await Promise.all([
      p.api('GET', `/v1/cards/${cardId}`, { token: a.token }),
      p.api('GET', `/v1/cards/${cardId}`, { token: b.token }),
    ]);
    expect(own.statusCode).toBe(200);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json).toMatchObject({ hasError: true, errorCode: 'CARD_NOT_FOUND', data: null });
    expect(foreign.body).not.toContain(own.json.data.cardNumber);
  });

  it('a token read again after it expired is refused, though its signature was checked before', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: a.customerId, client_id: a.clientId, scope: 'openapi', iat: now, exp: now + 2, jti: 'short-lived' };
    const token = signJwt(p.app.ctx.keyring.jwt.activeKey, claims);
    expect(await p.app.ctx.keyring.jwt.verify(token, now)).toMatchObject({ sub: a.customerId });
    expect(await p.app.ctx.keyring.jwt.verify(token, now + 2)).toBe('expired');
    // A tampered copy is a different text: never answered from what the genuine one proved.
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await p.app.ctx.keyring.jwt.verify(tampered, now)).toBe('bad_signature');
  });
});
