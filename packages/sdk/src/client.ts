// The Cardepass client: one object per set of client credentials, holding the
// token cache and the resources. Create it once and share it; concurrent calls
// share its token (one token request however many calls wait for it).
import { ApiClient } from './core.ts';
import { CardepassError } from './errors.ts';
import { clampTimeout, type FetchLike } from './http.ts';
import { Accounts, Cards, Products } from './resources/cards-and-accounts.ts';
import { Orders } from './resources/orders.ts';
import { Simulate, Transactions } from './resources/transactions.ts';
import { Events } from './resources/events.ts';
import { WebhookEndpoints } from './resources/webhook-endpoints.ts';
import { Webhooks } from './webhook-verify.ts';
import { clampRetries } from './retry.ts';

/** The documents' hosts (docs/spec/api-reference.zh.md, "Base URLs"). */
export const BASE_URLS = {
  test: 'https://test.cardepass.com/openapi',
  production: 'https://cardepass.com/openapi',
} as const;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface CardepassOptions {
  clientId: string;
  /** Kept in a private field: never logged, never serialized with the client. */
  clientSecret: string;
  /** `'test'` (default), `'production'`, or the URL of a self-hosted server's API, e.g. `http://127.0.0.1:8080/openapi`. */
  baseUrl?: keyof typeof BASE_URLS | (string & {});
  /** Limit of each HTTP attempt (default 30 000, at most 600 000). */
  timeout_ms?: number;
  /** Retries after a network failure, timeout, 429 or 5xx (default 2, at most 10). */
  maxRetries?: number;
  /** A fetch implementation; default: the global fetch. */
  fetch?: FetchLike;
  /** Accept-Language for errorMessage: `en` (default) or `zh`. */
  language?: string;
}

/** A preset name or a URL, without a trailing slash. */
export function resolveBaseUrl(value: string | undefined): string {
  const preset = BASE_URLS[(value ?? 'test') as keyof typeof BASE_URLS];
  if (preset) return preset;
  let url: URL;
  try {
    url = new URL(value!);
  } catch {
    throw new CardepassError(`baseUrl '${value}' is neither 'test', 'production' nor a URL such as http://127.0.0.1:8080/openapi`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CardepassError(`baseUrl must be http or https, got ${url.protocol}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class Cardepass {
  /** The API's base URL in use, e.g. https://test.cardepass.com/openapi. */
  readonly baseUrl: string;
  readonly products: Products;
  readonly cards: Cards;
  readonly orders: Orders;
  readonly accounts: Accounts;
  readonly transactions: Transactions;
  /** The sandbox's simulated card network. */
  readonly simulate: Simulate;
  /** Where events are pushed: create, list, rotate the secret, test, recover. */
  readonly webhookEndpoints: WebhookEndpoints;
  /** What happened, newest first, and each event's deliveries. */
  readonly events: Events;
  /** Receiving: `await client.webhooks.verify(rawBody, headers, secret)`. Needs no credentials (see also verifyWebhook). */
  readonly webhooks: Webhooks;

  constructor(options: CardepassOptions) {
    if (!options?.clientId || !options.clientSecret) throw new CardepassError('clientId and clientSecret are required');
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    const api = new ApiClient({
      baseUrl: this.baseUrl,
      credentials: { clientId: options.clientId, clientSecret: options.clientSecret },
      language: options.language,
      settings: {
        // Called through globalThis: browsers refuse a fetch detached from window.
        fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        timeout_ms: clampTimeout(options.timeout_ms, DEFAULT_TIMEOUT_MS),
        maxRetries: clampRetries(options.maxRetries, DEFAULT_MAX_RETRIES),
      },
    });
    this.products = new Products(api);
    this.cards = new Cards(api);
    this.orders = new Orders(api);
    this.accounts = new Accounts(api);
    this.transactions = new Transactions(api);
    this.simulate = new Simulate(api);
    this.webhookEndpoints = new WebhookEndpoints(api);
    this.events = new Events(api);
    this.webhooks = new Webhooks();
  }
}
