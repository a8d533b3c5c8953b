// One HTTP attempt (fetch with a timeout) and the retry loop around attempts.
// Only web-platform APIs: fetch, AbortController, Headers, setTimeout — the
// same code runs in Node ≥ 20 and in browsers.
import { ApiError, ConnectionError, TimeoutError, apiErrorFor, type ErrorBody } from './errors.ts';
import { backoffDelay, isRetryableStatus, MAX_RETRY_AFTER_MS, parseRetryAfter, sleep } from './retry.ts';

/** The subset of fetch the SDK uses; pass your own (a proxy agent, a test double, a polyfill). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Per-call overrides of the client's defaults. */
export interface RequestOptions {
  /** Limit of each attempt, in milliseconds. */
  timeout_ms?: number;
  /** Attempts after the first (0 disables retries). */
  maxRetries?: number;
  /** Aborts the call, including waits between retries; the signal's reason is thrown. */
  signal?: AbortSignal;
}

/** What every successful call yields besides its data. */
export interface ApiResponse<T> {
  data: T;
  /** The envelope's responseId: quote it to support. */
  responseId: string;
  status: number;
  headers: Headers;
  /** True when an order POST repeated an earlier customerOrderNo and the server answered the original order. */
  replayed: boolean;
}

/** A response read in full: status, headers and the parsed JSON body (or the text when it is not JSON). */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: ErrorBody;
}

export interface HttpSettings {
  fetch: FetchLike;
  timeout_ms: number;
  maxRetries: number;
}

/** Largest per-attempt timeout accepted; longer waits are a hung connection, not a slow answer. */
export const MAX_TIMEOUT_MS = 10 * 60_000;

export function clampTimeout(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_TIMEOUT_MS, Math.max(1, Math.floor(value)));
}

/** One request and its whole answer. Throws ConnectionError, TimeoutError, or the caller's abort reason. */
export async function send(settings: HttpSettings, url: string, init: RequestInit, timeout_ms: number, signal?: AbortSignal): Promise<RawResponse> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeout_ms);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await settings.fetch(url, { ...init, signal: controller.signal });
    // The body is read under the same timeout: a server that sends headers and then stalls is still a timeout.
    const text = await response.text();
    let body: ErrorBody = text;
    try { body = text ? JSON.parse(text) as Record<string, unknown> : undefined; } catch { /* not JSON: keep the text */ }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timedOut) throw new TimeoutError(`No answer from ${url} within ${timeout_ms} ms`);
    throw new ConnectionError(`Cannot reach ${url}: ${describeNetworkError(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Node's fetch hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`; browsers give only a message. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** The server's Retry-After in seconds, if it sent a readable one. */
export function retryAfterOf(headers: Headers): number | undefined {
  const ms = parseRetryAfter(headers.get('retry-after'));
  return ms === undefined ? undefined : ms / 1000;
}

/** The documents' envelope around `data`, or an ApiError for anything else. */
export function unwrapEnvelope<T>(raw: RawResponse): ApiResponse<T> {
  const envelope = typeof raw.body === 'object' && raw.body !== null ? raw.body : undefined;
  const responseId = typeof envelope?.responseId === 'string' ? envelope.responseId : raw.headers.get('x-response-id') ?? undefined;
  const isEnvelope = envelope !== undefined && typeof envelope.hasError === 'boolean';
  if (raw.status >= 200 && raw.status < 300 && isEnvelope && envelope.hasError === false) {
    return { data: envelope.data as T, responseId: responseId ?? '', status: raw.status, headers: raw.headers, replayed: raw.headers.get('idempotent-replayed') === 'true' };
  }
  const ok = raw.status >= 200 && raw.status < 300;
  throw apiErrorFor({
    status: raw.status,
    // A proxy's HTML page or an empty body still gets a stable code.
    errorCode: isEnvelope && typeof envelope.errorCode === 'string' ? envelope.errorCode : ok ? 'INVALID_RESPONSE' : `HTTP_${raw.status}`,
    errorMessage: isEnvelope && typeof envelope.errorMessage === 'string' ? envelope.errorMessage
      : ok ? 'The answer is not a Cardepass API response; check baseUrl' : `HTTP ${raw.status} without a Cardepass error body`,
    responseId,
    body: raw.body,
    retryAfter: retryAfterOf(raw.headers),
  });
}

/** Errors whose retries already ran out in an inner loop (the token request inside an API call). */
const exhausted = new WeakSet<object>();

/** Marks an error as retried already, so an outer retry loop does not multiply the attempts. */
export function retriesExhausted<E>(error: E): E {
  if (typeof error === 'object' && error !== null) exhausted.add(error);
  return error;
}

/** Network failures, timeouts, 429 and 5xx are worth another attempt; everything else is final. */
function isRetryable(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && exhausted.has(error)) return false;
  if (error instanceof ConnectionError || error instanceof TimeoutError) return true;
  return error instanceof ApiError && isRetryableStatus(error.status);
}

/**
 * Runs `attempt` until it succeeds, fails for good, or retries run out. Only
 * called for requests that are safe to repeat: GETs, and POSTs carrying a key
 * the server deduplicates on (customerOrderNo, reference, the token grant).
 */
export async function withRetries<T>(attempt: () => Promise<T>, maxRetries: number, signal?: AbortSignal): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= maxRetries || !isRetryable(error) || signal?.aborted) throw error;
      const retryAfter = error instanceof ApiError ? error.retryAfter : undefined;
      const wait_ms = retryAfter !== undefined ? Math.ceil(retryAfter * 1000) : backoffDelay(retry);
      if (wait_ms > MAX_RETRY_AFTER_MS) throw error;
      await sleep(wait_ms, signal);
    }
  }
}
