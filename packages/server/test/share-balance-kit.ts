// Helpers shared by the ShareBalance-mode order tests (routes/openapi/v1/orders/sharebalance-*.test.ts):
// the endpoints, a card to work on, and what the API says about it, so every
// test can assert "nothing changed" the way a client would see it. Balances
// and errors are read with the Standard kit's helpers (funding, card, expectError).
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestCustomer, TestPlatform } from './harness.ts';
import { card, postOrderOk, waitForOrder } from './standard-kit.ts';

export const SB_PATHS = {
  apply: '/v1/orders/sharebalance/apply',
  creditLimit: '/v1/orders/sharebalance/creditLimit',
  block: '/v1/orders/sharebalance/block',
  unblock: '/v1/orders/sharebalance/unblock',
  cancel: '/v1/orders/sharebalance/cancel',
} as const;
export type SbEndpoint = keyof typeof SB_PATHS;
export const SB_ENDPOINTS = Object.keys(SB_PATHS) as SbEndpoint[];
export const SB_CARD_ENDPOINTS: SbEndpoint[] = ['creditLimit', 'block', 'unblock', 'cancel'];
export const SB_ORDERS = '/v1/orders/sharebalance';

type Response = LightMyRequestResponse & { json: any };

/** A valid body for each endpoint, on `cardId` where the endpoint takes one. */
export function sbBody(endpoint: SbEndpoint, cardId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  switch (endpoint) {
    case 'apply': return { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '500', maxCreditAmount: '1000', ...extra };
    case 'creditLimit': return { cardId, maxAuthAmount: '200', maxCreditAmount: '2000', ...extra };
    default: return { cardId, ...extra };
  }
}

export function sbPost(p: TestPlatform, c: TestCustomer, endpoint: SbEndpoint, body: unknown, headers?: Record<string, string>): Promise<Response> {
  return p.api('POST', SB_PATHS[endpoint], { token: c.token, body, headers });
}

/** A POST that must answer 200 with the order in `status` (Completed unless told). */
export function sbPostOk(p: TestPlatform, c: TestCustomer, endpoint: SbEndpoint, body: unknown, status = 'Completed'): Promise<any> {
  return postOrderOk(p, c, SB_PATHS[endpoint], body, status);
}

/** Opens a PROD001 USD ShareBalance card (limits 500 / 1000 unless told); returns its id and the apply order. */
export async function applyShareCard(p: TestPlatform, c: TestCustomer, extra: Record<string, unknown> = {}) {
  const order = await sbPostOk(p, c, 'apply', sbBody('apply', '', extra));
  return { cardId: order.cardInfos[0].cardId as string, order };
}

/** The card's state as GET /v1/cards shows it: status, spendable balance, limits. */
export async function shareCard(p: TestPlatform, c: TestCustomer, cardId: string) {
  const { status, balanceAmount, maxAuthAmount, maxCreditAmount, usedCreditAmount } = await card(p, c, cardId);
  return { status, balanceAmount, maxAuthAmount, maxCreditAmount, usedCreditAmount };
}

/** totalRecords of GET /v1/orders/sharebalance (optionally of one OrderType). */
export async function sbOrderCount(p: TestPlatform, c: TestCustomer, orderType?: string): Promise<number> {
  const response = await p.api('GET', SB_ORDERS, { token: c.token, query: orderType ? { OrderType: orderType } : {} });
  expect(response.statusCode, response.body).toBe(200);
  return response.json.data.totalRecords;
}

/** Everything a client can see that a ShareBalance order could change: funding accounts, the cards, the orders. */
export async function sbSnapshot(p: TestPlatform, c: TestCustomer, cardIds: string[] = []) {
  const accounts = await p.api('GET', '/v1/accounts', { token: c.token });
  const cards = [];
  for (const id of cardIds) cards.push({ id, ...(await shareCard(p, c, id)) });
  return { accounts: accounts.json.data, cards, orders: await sbOrderCount(p, c) };
}

/**
 * Runs `fn` while the card shows `usedMinor` of credit used, set directly in the database as the
 * authorization engine would record it, then puts it back to 0: the ledger verification matches
 * used credit against authorizations, and there are none behind this.
 */
export async function withUsedCredit(p: TestPlatform, cardId: string, usedMinor: bigint, fn: () => Promise<void>): Promise<void> {
  const set = (minor: bigint) => p.store.db.updateTable('cards').set({ used_credit_minor: String(minor) }).where('id', '=', cardId).execute();
  await set(usedMinor);
  try {
    await fn();
  } finally {
    await set(0n);
  }
}

/** Polls GET /v1/orders/sharebalance?OrderNo= until the order leaves Processing (or the deadline passes). */
export const waitForSbOrder = (p: TestPlatform, c: TestCustomer, orderNo: string, timeoutMs = 5000): Promise<any> =>
  waitForOrder(p, c, orderNo, timeoutMs, SB_ORDERS);
