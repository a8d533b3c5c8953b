// GET /metrics: after a known scenario every counter moved by exactly what
// happened (top-ups completed and failed, authorizations approved and
// declined, requests by route template), the job gauges follow an order held
// in flight, and the endpoint answers only the right token when one is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';
import { GatedChannel, SwitchableChannel } from '../../test/gated-channel.ts';
import { applyCard, post, postOk } from '../../test/standard-kit.ts';
import { authorize } from '../../test/transactions-kit.ts';
import { delta, parsePrometheusText, sample, type Samples } from '../../test/prometheus-text.ts';

async function scrape(p: TestPlatform, headers: Record<string, string> = {}): Promise<Samples> {
  const response = await p.app.inject({ method: 'GET', url: '/metrics', headers });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(response.body);
}

// Generous limits: a PGlite start is CPU-bound and these suites share 2 cores with everything else.
const SUITE = { timeout: 120_000 };
const HOOK_TIMEOUT_MS = 180_000;

describe('GET /metrics after a scenario', SUITE, () => {
  const channel = new SwitchableChannel();
  let p: TestPlatform;
  let c: TestCustomer;
  let cardId: string;
  beforeAll(async () => {
    p = await createTestPlatform({ channel });
    c = await p.customer({ USD: '1000' });
    ({ cardId } = await applyCard(p, c, '100'));
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });

  it('counts each finished order, each decision and each request exactly once', async () => {
    const before = await scrape(p);
    for (let i = 1; i <= 3; i++) await postOk(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: `MET-TOP-${i}` });
    channel.down = true;
    await postOk(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'MET-TOP-FAIL' }, 'Failure');
    channel.down = false;
    // A replay is the same order, not a second one: it must not count again.
    await postOk(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'MET-TOP-1' });
    expect((await authorize(p, c, cardId, '5')).status).toBe('Pending');
    expect((await authorize(p, c, cardId, '7', { reference: 'met-auth-2' })).status).toBe('Pending');
    expect((await authorize(p, c, cardId, '7', { reference: 'met-auth-2' })).status).toBe('Pending'); // replay
    expect((await authorize(p, c, cardId, '99999')).declineReason).toBe('INSUFFICIENT_FUNDS');
    await p.api('GET', `/v1/cards/${cardId}`, { token: c.token });
    await p.api('GET', '/v1/cards/CARD-THAT-DOES-NOT-EXIST', { token: c.token });
    await p.app.inject({ method: 'GET', url: '/no/such/path/12345' });
    const after = await scrape(p);

    const orders = (type: string, status: string) => delta(before, after, 'cardepass_orders_finished_total', { type, status });
    expect(orders('CardTopUp', 'Completed')).toBe(3);
    expect(orders('CardTopUp', 'Failure')).toBe(1);
    expect(orders('ApplyCard', 'Completed')).toBe(0);
    const auths = (outcome: string, reason: string) => delta(before, after, 'cardepass_authorizations_total', { outcome, reason });
    expect(auths('approved', 'none')).toBe(2);
    expect(auths('declined', 'INSUFFICIENT_FUNDS')).toBe(1);

    const http = (route: string, method: string, status: string) => ({
      requests: delta(before, after, 'cardepass_http_requests_total', { route, method, status }),
      observed: delta(before, after, 'cardepass_http_request_duration_seconds_count', { route, method, status }),
    });
    expect(http('/openapi/v1/orders/standard/topup', 'POST', '200')).toEqual({ requests: 5, observed: 5 });
    expect(http('/openapi/v1/simulate/authorize', 'POST', '200')).toEqual({ requests: 4, observed: 4 });
    // The route template, never the raw URL: one series for every card id, found or not.
    expect(http('/openapi/v1/cards/:cardId', 'GET', '200')).toEqual({ requests: 1, observed: 1 });
    expect(http('/openapi/v1/cards/:cardId', 'GET', '404')).toEqual({ requests: 1, observed: 1 });
    expect(http('unmatched', 'GET', '404')).toEqual({ requests: 1, observed: 1 });
    const topUps = { route: '/openapi/v1/orders/standard/topup', method: 'POST', status: '200' };
    expect(sample(after, 'cardepass_http_request_duration_seconds_bucket', { ...topUps, le: '+Inf' }))
      .toBe(sample(after, 'cardepass_http_request_duration_seconds_count', topUps));
    const keys = [...after.keys()].join('\n');
    expect(keys).not.toContain(cardId);
    expect(keys).not.toContain('12345');
    await p.expectLedgerClean();
  });

  it('reports the database pool and the default process metrics', async () => {
    const now = await scrape(p);
    const inUse = sample(now, 'cardepass_db_pool_connections', { state: 'in_use' });
    const idle = sample(now, 'cardepass_db_pool_connections', { state: 'idle' });
    expect(inUse + idle).toBeGreaterThanOrEqual(1);
    if (p.store.kind === 'pglite') expect(inUse + idle).toBe(1);
    expect(now.has('cardepass_db_pool_waiting{}')).toBe(true);
    expect(now.has('process_cpu_user_seconds_total{}')).toBe(true);
    expect(now.has('nodejs_eventloop_lag_seconds{}')).toBe(true);
  });
});

describe('GET /metrics job gauges', SUITE, () => {
  const channel = new GatedChannel();
  let p: TestPlatform;
  afterAll(async () => { channel.release(); await p?.close(); });

  it('shows an order in flight as a queued job, and none once it finished', async () => {
    p = await createTestPlatform({ channel });
    const c = await p.customer({ USD: '1000' });
    const { cardId } = await applyCard(p, c, '100');
    expect(sample(await scrape(p), 'cardepass_jobs_queued')).toBe(0);

    const held = channel.hold('topUp');
    const pending = post(p, c, 'topup', { cardId, topUpAmount: '10', customerOrderNo: 'MET-HELD' });
    await held;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const during = await scrape(p);
    expect(sample(during, 'cardepass_jobs_queued')).toBe(1);
    expect(sample(during, 'cardepass_jobs_due')).toBe(1);
    expect(sample(during, 'cardepass_jobs_oldest_age_seconds')).toBeGreaterThanOrEqual(1);

    channel.release();
    expect((await pending).json.data.status).toBe('Completed');
    const afterwards = await scrape(p);
    expect(sample(afterwards, 'cardepass_jobs_queued')).toBe(0);
    expect(sample(afterwards, 'cardepass_jobs_oldest_age_seconds')).toBe(0);
    expect(sample(afterwards, 'cardepass_orders_finished_total', { type: 'CardTopUp', status: 'Completed' })).toBe(1);
    await p.expectLedgerClean();
  });
});

describe('GET /metrics with CARDEPASS_METRICS_TOKEN', SUITE, () => {
  const token = 'metrics-token-0123456789';
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false, config: { metricsToken: token } }); }, HOOK_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });

  const get = (authorization?: string) => p.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  it('answers the right bearer token', async () => {
    const response = await get(`Bearer ${token}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('cardepass_http_requests_total');
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'Bearer metrics-token-0123456780'],
    ['a prefix of the token', `Bearer ${token.slice(0, -1)}`],
    ['the token as Basic credentials', `Basic ${token}`],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 and shows nothing', async (_case, authorization) => {
    const response = await get(authorization);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.body).not.toContain('cardepass_');
    expect(response.json()).toEqual({ status: 'unauthorized', reason: 'a valid metrics token is required' });
  });

  it('is not under the integrator base path', async () => {
    expect((await p.app.inject({ method: 'GET', url: '/openapi/metrics', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(404);
  });
});
