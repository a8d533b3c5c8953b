// Token handling against the real token endpoint: one token for many calls,
// one token request however many calls start together, a refresh before
// expiry, one refresh-and-retry on a 401, and the token endpoint's errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, Cardepass } from '../src/index.ts';
import { clientFor, failureOf, livePlatform, recordingFetch, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

describe('access tokens', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  // Two-second tokens: the SDK refreshes them 0.2 s (10 %) before they expire.
  beforeAll(async () => { live = await livePlatform({ config: { tokenTtlSeconds: 2 } }); });
  afterAll(async () => { await live?.p.close(); });

  it('fetches one token, form-encoded, and reuses it for later calls', async () => {
    const customer = await live.p.customer();
    const recorder = recordingFetch();
    const client = clientFor(live, customer, { fetch: recorder.fetch });
    await client.products.list();
    await client.accounts.list();
    expect(recorder.tokenRequests()).toBe(1);
    const grant = new URLSearchParams(recorder.exchanges[0]!.body);
    expect(Object.fromEntries(grant)).toEqual({
      grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret, scope: 'openapi',
    });
    const tokens = new Set(recorder.apiRequests().map((e) => e.authorization));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('makes exactly one token request for 20 calls started at once', async () => {
    const recorder = recordingFetch();
    const client = clientFor(live, await live.p.customer(), { fetch: recorder.fetch });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? client.accounts.list() : client.products.list())));
    expect(results).toHaveLength(20);
    expect(recorder.tokenRequests()).toBe(1);
    expect(recorder.apiRequests()).toHaveLength(20);
  });

  it('refreshes the token before it expires, so no call meets a 401', async () => {
    const recorder = recordingFetch();
    const client = clientFor(live, await live.p.customer(), { fetch: recorder.fetch });
    await client.products.list();
    await new Promise((resolve) => setTimeout(resolve, 1_900));
    // Concurrent calls after the refresh point still share one new token.
    await Promise.all([client.products.list(), client.accounts.list(), client.products.list()]);
    expect(recorder.tokenRequests()).toBe(2);
    expect(recorder.apiRequests().map((e) => e.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(recorder.apiRequests().map((e) => e.authorization)).size).toBe(2);
  });

  it('on a 401, fetches a new token once and repeats the call once', async () => {
    // The server refuses the first token it sees (the fetch garbles it): a real INVALID_TOKEN answer.
    let garbled = 0;
    const recorder = recordingFetch((url, init) => {
      if (url.endsWith('/connect/token') || garbled++ > 0) return init;
      return { ...init, headers: { ...(init.headers as Record<string, string>), authorization: 'Bearer not.a.token' } };
    });
    const client = clientFor(live, await live.p.customer(), { fetch: recorder.fetch });
    expect(await client.accounts.list()).toEqual(expect.any(Array));
    expect(recorder.apiRequests().map((e) => e.status)).toEqual([401, 200]);
    expect(recorder.tokenRequests()).toBe(2);
  });

  it('gives up with AuthenticationError when the fresh token is refused too', async () => {
    const recorder = recordingFetch((url, init) => url.endsWith('/connect/token') ? init
      : { ...init, headers: { ...(init.headers as Record<string, string>), authorization: 'Bearer not.a.token' } });
    const client = clientFor(live, await live.p.customer(), { fetch: recorder.fetch });
    const error = await failureOf(client.products.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, errorCode: 'INVALID_TOKEN' });
    // Not retried as a transient failure: exactly one refresh, one repeat.
    expect(recorder.apiRequests().map((e) => e.status)).toEqual([401, 401]);
    expect(recorder.tokenRequests()).toBe(2);
  });

  it('reports revoked credentials as invalid_client once the cached token is refused', async () => {
    const customer = await live.p.customer();
    const client = clientFor(live, customer);
    await client.products.list();
    expect((await live.p.admin('POST', `/clients/${customer.clientId}/revoke`)).statusCode).toBe(200);
    const error = await failureOf(client.products.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, errorCode: 'invalid_client', errorMessage: 'Client authentication failed' });
  });

  it('reports a wrong secret as AuthenticationError without retrying, and never shows the secret', async () => {
    const customer = await live.p.customer();
    const recorder = recordingFetch();
    const secret = `${customer.clientSecret}x`;
    const client = new Cardepass({ clientId: customer.clientId, clientSecret: secret, baseUrl: live.baseUrl, fetch: recorder.fetch });
    const error = await failureOf(client.products.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, errorCode: 'invalid_client' });
    expect(recorder.exchanges).toHaveLength(1);
    expect(`${error.message} ${JSON.stringify(error.body)}`).not.toContain(secret);
    const { inspect } = await import('node:util');
    expect(JSON.stringify(client)).not.toContain(secret);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(secret);
  });
});
