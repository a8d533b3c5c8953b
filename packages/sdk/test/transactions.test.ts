// The sandbox network through the SDK — authorize, clear, reverse, refund,
// expire — and the transaction list it fills, against the real server; the
// auto-filled `reference` making a retried simulate POST happen once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError, NotFoundError, type Cardepass } from '../src/index.ts';
import { FaultProxy } from './fault-proxy.ts';
import { clientFor, failureOf, livePlatform, recordingFetch, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

describe('transactions and the sandbox network', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let customer: Awaited<ReturnType<LivePlatform['p']['customer']>>;
  let client: Cardepass;
  let cardId: string;

  beforeAll(async () => {
    live = await livePlatform();
    customer = await live.p.customer({ USD: '1000' });
    client = clientFor(live, customer);
    cardId = (await client.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 100 })).cardInfos[0]!.cardId;
  });
  afterAll(async () => { await live?.p.close(); });

  it('authorizes, clears and refunds a purchase; reverses and expires another', async () => {
    const auth = await client.simulate.authorize({ cardId, amount: '42.50', merchantName: 'Corner Cafe', mcc: '5814', merchantCountry: 'US' });
    expect(auth).toMatchObject({ transactionType: 'Authorization', status: 'Pending', amount: 42.5, heldAmount: 42.5, cardId, merchantName: 'Corner Cafe' });
    expect(auth.reference).toMatch(/^sdk_/);
    const clearing = await client.simulate.clear({ transactionId: auth.transactionId, amount: 40 });
    expect(clearing).toMatchObject({ transactionType: 'Clearing', status: 'Completed', amount: 40, authorizationId: auth.transactionId });
    const refund = await client.simulate.refund({ transactionId: auth.transactionId, amount: '5' });
    expect(refund).toMatchObject({ transactionType: 'Refund', amount: 5, authorizationId: auth.transactionId });
    expect((await client.cards.retrieve(cardId)).balanceAmount).toBe(65);

    const second = await client.simulate.authorize({ cardId, amount: 20 });
    expect(await client.simulate.reverse({ transactionId: second.transactionId, amount: 5 })).toMatchObject({ transactionType: 'Reversal', amount: 5 });
    const expired = await client.simulate.expire({ transactionId: second.transactionId });
    expect(expired).toMatchObject({ transactionId: second.transactionId, status: 'Expired', heldAmount: 0, reversedAmount: 5 });
    expect((await client.cards.retrieve(cardId)).balanceAmount).toBe(65);

    const declined = await client.simulate.authorize({ cardId, amount: 1000 });
    expect(declined).toMatchObject({ status: 'Declined', declineReason: 'INSUFFICIENT_FUNDS' });
    await live.p.expectLedgerClean();
  });

  it('lists transactions by card, type and status, and walks the pages', async () => {
    const all = await client.transactions.list({ cardId, pageSize: 100 });
    // Two authorizations and a declined one, a clearing, a refund and a reversal; expiring adds none.
    expect(all.totalRecords).toBe(6);
    expect(all.data.every((t) => t.cardId === cardId)).toBe(true);
    const walked = await client.transactions.list({ cardId, pageSize: 2 }).toArray();
    expect(walked.map((t) => t.transactionId)).toEqual(all.data.map((t) => t.transactionId));

    const authorizations = await client.transactions.list({ cardId, transactionType: 'Authorization' }).toArray();
    expect(authorizations.map((t) => t.status).sort()).toEqual(['Declined', 'Expired', 'Settled']);
    const today = new Date().toISOString().slice(0, 10);
    const declined = await client.transactions.list({ cardId, status: 'Declined', transactionDateFrom: today, transactionDateTo: new Date() });
    expect(declined.data).toHaveLength(1);
    const chain = await client.transactions.list({ authorizationId: authorizations.find((t) => t.status === 'Settled')!.transactionId }).toArray();
    expect(chain.map((t) => t.transactionType).sort()).toEqual(['Authorization', 'Clearing', 'Refund']);
  });

  it('answers a repeated reference with the original transaction, and a lost answer is retried once', async () => {
    const reference = `net-${Date.now()}`;
    const first = await client.simulate.authorize({ cardId, amount: 1, reference }).withResponse();
    const again = await client.simulate.authorize({ cardId, amount: 1, reference }).withResponse();
    expect(again.replayed).toBe(true);
    expect(again.data.transactionId).toBe(first.data.transactionId);
    expect(await failureOf(client.simulate.authorize({ cardId, amount: 2, reference }))).toMatchObject({ status: 409, errorCode: 'REFERENCE_CONFLICT' });

    const proxy = await FaultProxy.start(live.origin);
    try {
      const recorder = recordingFetch();
      const viaProxy = clientFor({ baseUrl: `${proxy.origin}${live.p.config.basePath}` }, customer, { fetch: recorder.fetch });
      proxy.inject((method, path) => method === 'POST' && path.endsWith('/simulate/authorize'), { kind: 'lose-answer', status: 502 });
      const auth = await viaProxy.simulate.authorize({ cardId, amount: 3 }).withResponse();
      expect(auth.replayed).toBe(true);
      const references = recorder.apiRequests().map((e) => JSON.parse(e.body!).reference);
      expect(references).toEqual([auth.data.reference, auth.data.reference]);
      const withThatReference = (await client.transactions.list({ cardId, pageSize: 100 }).toArray()).filter((t) => t.reference === auth.data.reference);
      expect(withThatReference).toHaveLength(1);
    } finally {
      await proxy.close();
    }
    await live.p.expectLedgerClean();
  });

  it('reports the network errors typed', async () => {
    expect(await failureOf(client.simulate.clear({ transactionId: 'TXN_NONE' }))).toBeInstanceOf(NotFoundError);
    const auth = await client.simulate.authorize({ cardId, amount: 1 });
    await client.simulate.reverse({ transactionId: auth.transactionId });
    const notPending = await failureOf(client.simulate.clear({ transactionId: auth.transactionId }));
    expect(notPending).toBeInstanceOf(ConflictError);
    expect(notPending).toMatchObject({ errorCode: 'AUTHORIZATION_NOT_PENDING' });
    expect(await failureOf(client.simulate.authorize({ cardId, amount: 'ten' }))).toBeInstanceOf(InvalidRequestError);
    expect(await failureOf(client.transactions.list({ transactionDateFrom: '2025-03-01', transactionDateTo: '2025-01-01' })))
      .toMatchObject({ errorCode: 'INVALID_DATE_RANGE' });
    expect(() => client.simulate.expire({ transactionId: '' })).toThrow(/transactionId is required/);
  });
});

describe('the sandbox network in production', SUITE_OPTIONS, () => {
  it('is not there: NotFoundError', async () => {
    const live = await livePlatform({ config: { environment: 'production' } });
    try {
      const client = clientFor(live, await live.p.customer());
      const error = await failureOf(client.simulate.authorize({ cardId: 'ANY', amount: 1 }));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.status).toBe(404);
    } finally {
      await live.p.close();
    }
  });
});
