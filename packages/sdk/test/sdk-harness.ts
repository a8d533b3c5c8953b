// What the SDK tests share: the real server (the server's test platform)
// listening on a real port, SDK clients for its customers, a fetch wrapper that
// records every HTTP exchange, and a port nothing listens on.
import { createServer } from 'node:net';
import { createTestPlatform, type PlatformOptions, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { Cardepass, type CardepassOptions, type FetchLike } from '../src/index.ts';

export interface LivePlatform {
  p: TestPlatform;
  /** The API's base URL, e.g. http://127.0.0.1:43121/openapi. */
  baseUrl: string;
  /** The server's origin, for proxies: http://127.0.0.1:43121. */
  origin: string;
}

/** The test platform listening on a free port on 127.0.0.1: the SDK talks to it over real HTTP. */
export async function livePlatform(options: PlatformOptions = {}): Promise<LivePlatform> {
  const p = await createTestPlatform(options);
  const origin = await p.app.listen({ port: 0, host: '127.0.0.1' });
  return { p, origin, baseUrl: `${origin}${p.config.basePath}` };
}

export interface Exchange {
  method: string;
  url: string;
  /** The HTTP status, or the error name when fetch threw. */
  status: number | string;
  authorization: string | null;
  body: string | undefined;
}

/** A fetch that records each exchange; `rewrite` may change a request before it is sent. */
export function recordingFetch(rewrite?: (url: string, init: RequestInit) => RequestInit) {
  const exchanges: Exchange[] = [];
  const fetch: FetchLike = async (url, init) => {
    const sent = rewrite ? rewrite(url, init) : init;
    const headers = new Headers(sent.headers);
    const exchange: Exchange = {
      method: sent.method ?? 'GET', url, status: 'pending', authorization: headers.get('authorization'),
      body: typeof sent.body === 'string' ? sent.body : undefined,
    };
    exchanges.push(exchange);
    try {
      const response = await globalThis.fetch(url, sent);
      exchange.status = response.status;
      return response;
    } catch (error) {
      exchange.status = (error as Error).name;
      throw error;
    }
  };
  return {
    fetch,
    exchanges,
    tokenRequests: () => exchanges.filter((e) => e.url.endsWith('/connect/token')).length,
    apiRequests: () => exchanges.filter((e) => !e.url.endsWith('/connect/token')),
  };
}

/** An SDK client for a customer of the platform; `options` override the defaults (e.g. fetch, maxRetries). */
export function clientFor(live: { baseUrl: string }, customer: Pick<TestCustomer, 'clientId' | 'clientSecret'>, options: Partial<CardepassOptions> = {}) {
  return new Cardepass({ clientId: customer.clientId, clientSecret: customer.clientSecret, baseUrl: live.baseUrl, ...options });
}

/** A port nothing listens on: bound once by the OS, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Milliseconds `run` took, with its result. */
export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; elapsed_ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, elapsed_ms: performance.now() - started };
}

/** Suite timeouts: each file starts a platform (and a database on the postgres project). */
export const SUITE_OPTIONS = { timeout: 60_000 };

/** The error `call` rejects with (typed loosely, for assertions); fails the test if it resolves. */
export async function failureOf(call: PromiseLike<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
