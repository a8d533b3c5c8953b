// Retries over real sockets: a fault-injecting proxy in front of the real
// server produces 5xx answers, lost answers, dropped connections and stalls;
// the server's own rate limiter produces 429s; a closed port, refused connections.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, RateLimitError, ServerError, TimeoutError, type Cardepass } from '../src/index.ts';
import { FaultProxy } from './fault-proxy.ts';
import { clientFor, closedPort, failureOf, livePlatform, recordingFetch, SUITE_OPTIONS, timed, type LivePlatform } from './sdk-harness.ts';

const isApi = (suffix: string) => (_method: string, path: string) => path.split('?')[0]!.endsWith(suffix);

describe('retries', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let proxy: FaultProxy;
  let customer: Awaited<ReturnType<LivePlatform['p']['customer']>>;
  let client: Cardepass;

  beforeAll(async () => {
    live = await livePlatform();
    proxy = await FaultProxy.start(live.origin);
    customer = await live.p.customer({ USD: '500' });
  });
  beforeEach(() => {
    proxy.reset();
    client = clientFor({ baseUrl: `${proxy.origin}${live.p.config.basePath}` }, customer);
  });
  afterAll(async () => {
    await proxy?.close();
    await live?.p.close();
  });

  it('retries a GET after 502 and 503 answers and returns the data', async () => {
    proxy.inject(isApi('/v1/products'), { kind: 'status', status: 502 }, { kind: 'status', status: 503 });
    const products = await client.products.list();
    expect(products.length).toBeGreaterThan(0);
    expect(proxy.count('GET', '/v1/products')).toBe(3);
  });

  it('gives up after maxRetries with ServerError carrying the status', async () => {
    proxy.inject(isApi('/v1/accounts'), ...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 500 })));
    const error = await failureOf(client.accounts.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, errorCode: 'HTTP_500' });
    // Default maxRetries 2: three attempts in all.
    expect(proxy.count('GET', '/v1/accounts')).toBe(3);

    proxy.reset();
    proxy.inject(isApi('/v1/accounts'), { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    await expect(client.accounts.list({ maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
    expect(proxy.count('GET', '/v1/accounts')).toBe(1);
  });

  it('waits what Retry-After says, in seconds or as an HTTP date', async () => {
    proxy.inject(isApi('/v1/products'), { kind: 'status', status: 503, headers: { 'retry-after': '1' } });
    const seconds = await timed(() => client.products.list());
    expect(seconds.elapsed_ms).toBeGreaterThanOrEqual(950);

    proxy.inject(isApi('/v1/products'), { kind: 'status', status: 503, headers: { 'retry-after': new Date(Date.now() + 2_000).toUTCString() } });
    // An HTTP date has whole seconds: the wait is between 1 and 2 s.
    const date = await timed(() => client.products.list());
    expect(date.elapsed_ms).toBeGreaterThanOrEqual(900);
    expect(date.elapsed_ms).toBeLessThan(2_500);

    // More than the SDK is willing to sleep: reported at once, with the server's figure.
    proxy.inject(isApi('/v1/products'), { kind: 'status', status: 503, headers: { 'retry-after': '3600' } });
    const refused = await timed(() => failureOf(client.products.list()));
    expect(refused.result).toMatchObject({ status: 503, retryAfter: 3600 });
    expect(refused.elapsed_ms).toBeLessThan(1_000);
  });

  it('retries a dropped connection and a lost token answer', async () => {
    proxy.inject(isApi('/connect/token'), { kind: 'lose-answer', status: 502 });
    proxy.inject(isApi('/v1/accounts'), { kind: 'drop' });
    expect(await client.accounts.list()).toEqual(expect.any(Array));
    expect(proxy.count('POST', '/connect/token')).toBe(2);
    expect(proxy.count('GET', '/v1/accounts')).toBe(2);
  });

  it('an order POST whose answer was lost is retried with the same customerOrderNo: one order, one debit', async () => {
    const before = (await client.accounts.list()).find((a) => a.currency === 'USD')!;
    proxy.inject(isApi('/v1/orders/standard/apply'), { kind: 'lose-answer', status: 502 }, { kind: 'drop', forward: true });
    const recorder = recordingFetch();
    const retrying = clientFor({ baseUrl: `${proxy.origin}${live.p.config.basePath}` }, customer, { fetch: recorder.fetch });
    const order = await retrying.orders.standard.apply({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 20 }).withResponse();
    // Three attempts reached the server; the third got the first one's order back.
    expect(proxy.count('POST', '/v1/orders/standard/apply')).toBe(3);
    expect(order.replayed).toBe(true);
    const sent = recorder.apiRequests().map((e) => JSON.parse(e.body!).customerOrderNo as string);
    expect(sent).toHaveLength(3);
    expect(new Set(sent)).toEqual(new Set([order.data.customerOrderNo]));

    const applies = await client.orders.standard.list({ orderType: 'ApplyCard', pageSize: 100 });
    expect(applies.data.filter((o) => o.customerOrderNo === order.data.customerOrderNo)).toHaveLength(1);
    const after = (await client.accounts.list()).find((a) => a.currency === 'USD')!;
    expect(after.amount).toBeCloseTo(before.amount - order.data.totalPayAmount, 2);
    await live.p.expectLedgerClean();
  });

  it('times out a stalled answer with TimeoutError after its retries', async () => {
    proxy.inject(isApi('/v1/products'), ...Array.from({ length: 2 }, () => ({ kind: 'stall' as const, delay_ms: 1_500 })));
    const impatient = clientFor({ baseUrl: `${proxy.origin}${live.p.config.basePath}` }, customer, { timeout_ms: 300, maxRetries: 1 });
    await impatient.accounts.list(); // the token, unstalled
    const error = await failureOf(impatient.products.list());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/within 300 ms/);
    // A per-call timeout_ms overrides the client's.
    proxy.inject(isApi('/v1/products'), { kind: 'stall', delay_ms: 500 });
    expect(await impatient.products.list({ timeout_ms: 5_000 })).toEqual(expect.any(Array));
  });

  it('reports an unreachable server as ConnectionError after the retries', async () => {
    const port = await closedPort();
    const recorder = recordingFetch();
    const nowhere = clientFor({ baseUrl: `http://127.0.0.1:${port}/openapi` }, customer, { fetch: recorder.fetch, maxRetries: 2 });
    const error = await failureOf(nowhere.products.list());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    // The token request is retried like any other: 1 + 2 attempts.
    expect(recorder.exchanges.map((e) => e.status)).toEqual(['TypeError', 'TypeError', 'TypeError']);
  });

  it('stops waiting when the caller aborts', async () => {
    proxy.inject(isApi('/v1/products'), { kind: 'status', status: 503, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 200);
    const { result, elapsed_ms } = await timed(() => failureOf(client.products.list({ signal: controller.signal })));
    expect(result).toEqual(new Error('caller gave up'));
    expect(elapsed_ms).toBeLessThan(5_000);
  });
});

describe('rate limiting', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  // One request a second, bursts of two: the third quick call is refused with Retry-After.
  beforeAll(async () => { live = await livePlatform({ config: { rateLimitPerSecond: 1 } }); });
  afterAll(async () => { await live?.p.close(); });

  it('waits out a 429 and succeeds; without retries it is a RateLimitError with retryAfter', async () => {
    const recorder = recordingFetch();
    const client = clientFor(live, await live.p.customer(), { fetch: recorder.fetch });
    const { elapsed_ms } = await timed(async () => {
      for (let i = 0; i < 3; i++) await client.products.list();
    });
    expect(recorder.apiRequests().map((e) => e.status)).toEqual([200, 200, 429, 200]);
    expect(elapsed_ms).toBeGreaterThanOrEqual(900);

    await client.products.list(); // spends the token the wait refilled
    const error = await failureOf(client.products.list({ maxRetries: 0 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, errorCode: 'RATE_LIMITED', retryAfter: 1 });
  });
});
