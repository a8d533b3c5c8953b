// The request path every resource method takes: get a token, send with the
// client's headers, unwrap the envelope, refresh the token once on a 401, and
// retry what is safe to retry — every call the SDK makes: GETs, and POSTs that
// carry an idempotency key the server deduplicates on.
import { clampTimeout, send, unwrapEnvelope, withRetries, type ApiResponse, type HttpSettings, type RequestOptions } from './http.ts';
import { queryString } from './request-params.ts';
import { ApiPromise, PageList, type ApiQuery, type NextQuery, type Page } from './results.ts';
import { clampRetries } from './retry.ts';
import { TokenManager } from './token.ts';

export interface ApiClientConfig {
  /** Resolved, without a trailing slash. */
  baseUrl: string;
  credentials: { clientId: string; clientSecret: string };
  settings: HttpSettings;
  language: string | undefined;
}

/** What resources call: one method per HTTP shape. */
export class ApiClient {
  readonly #baseUrl: string;
  readonly #settings: HttpSettings;
  readonly #tokens: TokenManager;
  readonly #language: string | undefined;

  constructor(config: ApiClientConfig) {
    this.#baseUrl = config.baseUrl;
    this.#settings = config.settings;
    this.#tokens = new TokenManager(config.settings, `${config.baseUrl}/connect/token`, config.credentials);
    this.#language = config.language;
  }

  get<T>(path: string, query?: ApiQuery, options?: RequestOptions): ApiPromise<T> {
    return new ApiPromise(() => this.call<T>('GET', path, query, undefined, options));
  }

  /**
   * A POST; callers pass bodies that carry their idempotency key already (customerOrderNo, reference),
   * or, where repeating is not safe and there is no key (webhook endpoint create, rotateSecret…), maxRetries 0.
   */
  post<T>(path: string, body: object, options?: RequestOptions): ApiPromise<T> {
    return new ApiPromise(() => this.call<T>('POST', path, undefined, body, options));
  }

  list<Item>(path: string, query: ApiQuery, next: NextQuery, options?: RequestOptions): PageList<Item> {
    return new PageList<Item>((pageQuery) => this.call<Page<Item>>('GET', path, pageQuery, undefined, options), query, next);
  }

  private call<T>(method: 'GET' | 'POST', path: string, query: ApiQuery | undefined, body: object | undefined, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = `${this.#baseUrl}${path}${queryString(query)}`;
    const timeout_ms = clampTimeout(options.timeout_ms, this.#settings.timeout_ms);
    const maxRetries = clampRetries(options.maxRetries, this.#settings.maxRetries);
    const signal = options.signal;
    // Once per call, across its retries: a second 401 right after a fresh token is a real refusal.
    let refreshed = false;
    return withRetries(async () => {
      for (;;) {
        const token = await this.#tokens.get(signal);
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (this.#language) headers['accept-language'] = this.#language;
        const raw = await send(this.#settings, url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, timeout_ms, signal);
        if (raw.status === 401 && !refreshed) {
          refreshed = true;
          this.#tokens.invalidate(token);
          continue;
        }
        return unwrapEnvelope<T>(raw);
      }
    }, maxRetries, signal);
  }
}
