// Helpers shared by the Standard-mode order tests (routes/openapi/v1/orders/*.test.ts):
// the endpoints, a card to work on, and what the API says about balances, so
// every test can assert "nothing changed" the way a client would see it.
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestCustomer, TestPlatform } from './harness.ts';

export const ORDER_PATHS = {
  apply: '/v1/orders/standard/apply',
  topup: '/v1/orders/standard/topup',
  withdraw: '/v1/orders/standard/withdraw',
  block: '/v1/orders/standard/block',
  unblock: '/v1/orders/standard/unblock',
  cancel: '/v1/orders/standard/cancel',
} as const;
export type OrderEndpoint = keyof typeof ORDER_PATHS;
export const ORDER_ENDPOINTS = Object.keys(ORDER_PATHS) as OrderEndpoint[];

type Response = LightMyRequestResponse & { json: any };

/** Cents → the JSON number the API renders (division and parsing both round correctly, so they agree). */
export const usd = (cents: number) => cents / 100;

/** A valid body for each order endpoint, on `cardId` where the endpoint takes one. */
export function validBody(endpoint: OrderEndpoint, cardId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  switch (endpoint) {
    case 'apply': return { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '10', ...extra };
    case 'topup': return { cardId, topUpAmount: '10', ...extra };
    case 'withdraw': return { cardId, withdrawAmount: '5', ...extra };
    default: return { cardId, ...extra };
  }
}

export function post(p: TestPlatform, c: TestCustomer, endpoint: OrderEndpoint, body: unknown, headers?: Record<string, string>): Promise<Response> {
  return p.api('POST', ORDER_PATHS[endpoint], { token: c.token, body, headers });
}

/** A POST that must answer 200 with the order in `status` (Completed unless told). */
export function postOk(p: TestPlatform, c: TestCustomer, endpoint: OrderEndpoint, body: unknown, status = 'Completed'): Promise<any> {
  return postOrderOk(p, c, ORDER_PATHS[endpoint], body, status);
}

/** An order POST to `path` (of either mode) that must answer 200 with the order in `status`. */
export async function postOrderOk(p: TestPlatform, c: TestCustomer, path: string, body: unknown, status = 'Completed'): Promise<any> {
  const response = await p.api('POST', path, { token: c.token, body });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json.hasError).toBe(false);
  expect(response.json.data.status, response.body).toBe(status);
  return response.json.data;
}

/** Opens a PROD001 USD card with a first top-up; returns its id and the apply order. */
export async function applyCard(p: TestPlatform, c: TestCustomer, topUpAmount: string | number = '100', extra: Record<string, unknown> = {}) {
  const order = await postOk(p, c, 'apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount, ...extra });
  return { cardId: order.cardInfos[0].cardId as string, order };
}

/** GET /v1/accounts for one currency: amount (available), ledgerAmount, heldAmount. */
export async function funding(p: TestPlatform, c: TestCustomer, currency = 'USD'): Promise<{ currency: string; amount: number; ledgerAmount: number; heldAmount: number }> {
  const response = await p.api('GET', '/v1/accounts', { token: c.token });
  expect(response.statusCode, response.body).toBe(200);
  const account = response.json.data.find((a: { currency: string }) => a.currency === currency);
  expect(account, `no ${currency} account`).toBeDefined();
  return account;
}

/** GET /v1/cards/{id} data. */
export async function card(p: TestPlatform, c: TestCustomer, cardId: string): Promise<any> {
  const response = await p.api('GET', `/v1/cards/${cardId}`, { token: c.token });
  expect(response.statusCode, response.body).toBe(200);
  return response.json.data;
}

/** totalRecords of GET /v1/orders/standard (optionally of one OrderType). */
export async function orderCount(p: TestPlatform, c: TestCustomer, orderType?: string): Promise<number> {
  const response = await p.api('GET', '/v1/orders/standard', { token: c.token, query: orderType ? { OrderType: orderType } : {} });
  expect(response.statusCode, response.body).toBe(200);
  return response.json.data.totalRecords;
}

/** Everything a client can see that an order could change: funding accounts, the cards, the number of orders. */
export async function snapshot(p: TestPlatform, c: TestCustomer, cardIds: string[] = []) {
  const accounts = await p.api('GET', '/v1/accounts', { token: c.token });
  const cards = [];
  for (const id of cardIds) {
    const { status, balanceAmount } = await card(p, c, id);
    cards.push({ id, status, balanceAmount });
  }
  return { accounts: accounts.json.data, cards, orders: await orderCount(p, c) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The error envelope: status, errorCode, data null, a responseId that is also the X-Response-Id header. */
export function expectError(response: Response, status: number, errorCode: string, messageContains?: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json).toEqual({ responseId: expect.stringMatching(UUID), hasError: true, errorCode, errorMessage: expect.any(String), data: null });
  expect(response.headers['x-response-id']).toBe(response.json.responseId);
  if (messageContains !== undefined) expect(response.json.errorMessage).toContain(messageContains);
}

/** Luhn (ISO/IEC 7812) check of a full PAN, written here independently of the simulated channel. */
export function luhnValid(pan: string): boolean {
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let digit = Number(pan[pan.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Polls GET /v1/orders/standard?OrderNo= (or another mode's query path) until the order leaves Processing (or the deadline passes). */
export async function waitForOrder(p: TestPlatform, c: TestCustomer, orderNo: string, timeoutMs = 5000, queryPath = '/v1/orders/standard'): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await p.api('GET', queryPath, { token: c.token, query: { OrderNo: orderNo } });
    expect(response.statusCode, response.body).toBe(200);
    if (response.json.data.status !== 'Processing' || Date.now() > deadline) return response.json.data;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---- real HTTP races (the app listening on a port, fetch as the client) ----

export interface HttpResult { status: number; replayed: boolean; json: any }

/** POSTs `body` to `url` (base URL + path) with the customer's token, over the network. */
export async function httpPost(url: string, c: TestCustomer, body: unknown): Promise<HttpResult> {
  const response = await fetch(url, {
    method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', json: await response.json() };
}
export const parallel = (requests: Array<() => Promise<HttpResult>>) => Promise.all(requests.map((r) => r()));
/** Each result as the order status it got, or its errorCode. */
export const outcomes = (results: HttpResult[]) => results.map((r) => (r.status === 200 ? r.json.data.status : r.json.errorCode));
export const tally = (values: string[]) => values.reduce<Record<string, number>>((t, v) => ({ ...t, [v]: (t[v] ?? 0) + 1 }), {});
