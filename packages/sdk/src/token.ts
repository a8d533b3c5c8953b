// The access token, per the documents' best practices: fetched once and cached,
// refreshed shortly before it expires, and never fetched twice at the same time
// however many calls are waiting for it (they all share one request).
import { apiErrorFor } from './errors.ts';
import { send, withRetries, retriesExhausted, retryAfterOf, type HttpSettings, type RawResponse } from './http.ts';

/** Refresh this long before expiry at most… */
const MAX_REFRESH_MARGIN_S = 60;
/** …and at most this share of the lifetime, so that short-lived tokens are still used. */
const REFRESH_MARGIN_SHARE = 0.1;

interface CachedToken {
  token: string;
  /** Epoch milliseconds after which the token is replaced before use. */
  refreshAt: number;
}

export class TokenManager {
  // Private fields: the secret never shows in console.log, util.inspect or JSON.stringify of the client.
  readonly #clientId: string;
  readonly #clientSecret: string;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(
    private readonly settings: HttpSettings,
    private readonly tokenUrl: string,
    credentials: { clientId: string; clientSecret: string },
    private readonly now: () => number = Date.now,
  ) {
    this.#clientId = credentials.clientId;
    this.#clientSecret = credentials.clientSecret;
  }

  /** A valid token: the cached one, or the result of the one token request in flight. */
  get(signal?: AbortSignal): Promise<string> {
    const cached = this.#cached;
    if (cached && this.now() < cached.refreshAt) return Promise.resolve(cached.token);
    this.#pending ??= this.request().finally(() => { this.#pending = undefined; });
    // A caller that gives up stops waiting; the shared request carries on for the others.
    return signal ? abortable(this.#pending, signal) : this.#pending;
  }

  /**
   * The server refused `token` (401): drop it so that the next get() fetches a
   * new one. A token already replaced by another caller's refresh is left alone,
   * so concurrent 401s cause one refresh, not one each.
   */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  private async request(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials', client_id: this.#clientId, client_secret: this.#clientSecret, scope: 'openapi',
    });
    const init: RequestInit = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    };
    // Granting a token changes nothing on the server, so network failures, 429 and 5xx are retried like a GET.
    return withRetries(async () => {
      const requestedAt = this.now();
      const raw = await send(this.settings, this.tokenUrl, init, this.settings.timeout_ms);
      const { token, expires_in } = parseTokenResponse(raw);
      const margin_s = Math.min(MAX_REFRESH_MARGIN_S, expires_in * REFRESH_MARGIN_SHARE);
      this.#cached = { token, refreshAt: requestedAt + (expires_in - margin_s) * 1000 };
      return token;
    }, this.settings.maxRetries).catch((error: unknown) => { throw retriesExhausted(error); });
  }
}

/** RFC 6749 §5.1 success, or an ApiError carrying the §5.2 `error` as errorCode. */
function parseTokenResponse(raw: RawResponse): { token: string; expires_in: number } {
  const body = typeof raw.body === 'object' && raw.body !== null ? raw.body : undefined;
  if (raw.status === 200 && typeof body?.access_token === 'string') {
    const expires_in = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { token: body.access_token, expires_in };
  }
  // RFC 6749 errors, or the envelope a wrong base path gets (ROUTE_NOT_FOUND), or whatever a proxy sent.
  const errorCode = typeof body?.error === 'string' ? body.error : typeof body?.errorCode === 'string' ? body.errorCode
    : raw.status === 200 ? 'INVALID_RESPONSE' : `HTTP_${raw.status}`;
  const errorMessage = typeof body?.error_description === 'string' ? body.error_description
    : typeof body?.errorMessage === 'string' ? body.errorMessage : 'The token endpoint did not grant a token; check baseUrl';
  throw apiErrorFor({
    status: raw.status,
    errorCode,
    errorMessage,
    responseId: raw.headers.get('x-response-id') ?? undefined,
    body: raw.body,
    retryAfter: retryAfterOf(raw.headers),
  });
}

/** `promise`, or the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
