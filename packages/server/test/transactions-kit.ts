// Helpers shared by the card-transaction tests (routes/openapi/v1/simulate/*.test.ts, transactions-list.test.ts):
// the sandbox network's endpoints, and what the API says about holds and credit afterwards.
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestCustomer, TestPlatform } from './harness.ts';

export const SIMULATE_PATHS = {
  authorize: '/v1/simulate/authorize',
  clear: '/v1/simulate/clear',
  reverse: '/v1/simulate/reverse',
  refund: '/v1/simulate/refund',
  expire: '/v1/simulate/expire',
} as const;
export type SimulateAction = keyof typeof SIMULATE_PATHS;

type Response = LightMyRequestResponse & { json: any };

export function simulate(p: TestPlatform, c: TestCustomer, action: SimulateAction, body: unknown, headers?: Record<string, string>): Promise<Response> {
  return p.api('POST', SIMULATE_PATHS[action], { token: c.token, body, headers });
}

/** A simulate call that must answer 200; returns the transaction. */
export async function simulateOk(p: TestPlatform, c: TestCustomer, action: SimulateAction, body: unknown): Promise<any> {
  const response = await simulate(p, c, action, body);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json.hasError).toBe(false);
  return response.json.data;
}

/** Authorizes `amount` on the card; returns the transaction (Pending or Declined). */
export function authorize(p: TestPlatform, c: TestCustomer, cardId: string, amount: string | number, extra: Record<string, unknown> = {}): Promise<any> {
  return simulateOk(p, c, 'authorize', { cardId, amount, merchantName: 'Test Shop', mcc: '5411', merchantCountry: 'US', ...extra });
}

/** An approved authorization: asserts Pending and returns its id. */
export async function approved(p: TestPlatform, c: TestCustomer, cardId: string, amount: string | number, extra: Record<string, unknown> = {}): Promise<string> {
  const t = await authorize(p, c, cardId, amount, extra);
  expect(t.status, JSON.stringify(t)).toBe('Pending');
  return t.transactionId as string;
}

/** GET /v1/transactions with the given query; returns the page. */
export async function transactions(p: TestPlatform, c: TestCustomer, query: Record<string, string> = {}): Promise<any> {
  const response = await p.api('GET', '/v1/transactions', { token: c.token, query });
  expect(response.statusCode, response.body).toBe(200);
  return response.json.data;
}
