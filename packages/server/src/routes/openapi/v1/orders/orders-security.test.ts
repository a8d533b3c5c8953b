// Who may call the order endpoints of both modes: a valid, unexpired access
// token with the openapi scope, of an active client of an active customer.
// Everything else is refused before anything changes (test/access-control.ts).
import { describe, it } from 'vitest';
import { createTestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError, ORDER_ENDPOINTS, ORDER_PATHS, postOk, snapshot, validBody } from '../../../../../test/standard-kit.ts';
import { applyShareCard, SB_ENDPOINTS, SB_ORDERS, SB_PATHS, sbBody, sbSnapshot } from '../../../../../test/share-balance-kit.ts';
import { describeAccessControl, type Call } from '../../../../../test/access-control.ts';

describeAccessControl({
  title: 'access control on the Standard-mode order endpoints',
  endpoints: [
    ...ORDER_ENDPOINTS.map((e): [string, Call] => [`POST ${ORDER_PATHS[e]}`, { method: 'POST', path: ORDER_PATHS[e], body: (cardId) => validBody(e, cardId) }]),
    ['GET /v1/orders/standard', { method: 'GET', path: '/v1/orders/standard' }],
  ],
  openCard: async (p, c) => (await applyCard(p, c, '100')).cardId,
  snapshot,
  probe: '/v1/orders/standard',
});

describeAccessControl({
  title: 'access control on the ShareBalance-mode order endpoints',
  endpoints: [
    ...SB_ENDPOINTS.map((e): [string, Call] => [`POST ${SB_PATHS[e]}`, { method: 'POST', path: SB_PATHS[e], body: (cardId) => sbBody(e, cardId) }]),
    [`GET ${SB_ORDERS}`, { method: 'GET', path: SB_ORDERS }],
  ],
  openCard: async (p, c) => (await applyShareCard(p, c)).cardId,
  snapshot: sbSnapshot,
  probe: SB_ORDERS,
});

describe('access tokens of the order endpoints', () => {
  it('a token the platform issued stops working when its lifetime ends', async () => {
    const short = await createTestPlatform({ config: { tokenTtlSeconds: 1 } });
    try {
      const who = await short.customer({ USD: '100' });
      const body = { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10' };
      const exp = JSON.parse(Buffer.from(who.token.split('.')[1]!, 'base64url').toString()).exp as number;
      // Still valid: use it (unless the second has already turned).
      if (Math.floor(Date.now() / 1000) < exp) await postOk(short, who, 'apply', body);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 20)));
      expectError(await short.api('POST', ORDER_PATHS.apply, { token: who.token, body }), 401, 'INVALID_TOKEN');
      await short.expectLedgerClean();
    } finally {
      await short.close();
    }
  });
});
