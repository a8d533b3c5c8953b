// Helpers of the card-orders tests: a customer with money, its users of every role, and
// what the database says about an order placed on its behalf (requested_by, audit rows).
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '@cardepass/contract';
import type { TestCustomer, TestPlatform } from './harness.ts';
import { createUser, expectAuditClean, type TestUser } from './people-kit.ts';

type Response = LightMyRequestResponse & { json: any };

/** A platform and a user of every role take a while on a loaded machine (PGlite boots in process). */
export const SETUP_TIMEOUT_MS = 180_000;

export interface CardOrdersWorld {
  /** The customer the users belong to (USD 1000 deposited). */
  c: TestCustomer;
  /** Another customer, with money and cards of its own. */
  other: TestCustomer;
  /** One signed-in user per role; customer roles belong to `c`. */
  users: Record<Role, TestUser>;
}

export async function cardOrdersWorld(p: TestPlatform): Promise<CardOrdersWorld> {
  const c = await p.customer({ USD: '1000' });
  const other = await p.customer({ USD: '1000' });
  const users = {} as Record<Role, TestUser>;
  for (const role of ROLES) users[role] = await createUser(p, role, { customerId: c.customerId });
  return { c, other, users };
}

/** A 200 with the order in `status` (Completed unless told); its data. */
export function expectOrder(response: Response, status = 'Completed'): any {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json.data.status, response.body).toBe(status);
  return response.json.data;
}

/** An error envelope with this status and code. */
export function expectRefused(response: Response, status: number, errorCode: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json).toMatchObject({ hasError: true, errorCode, data: null });
}

/** Opens a card through /v1 as the customer's own API client (Standard: topUpAmount; ShareBalance: limits). */
export async function v1Card(p: TestPlatform, c: TestCustomer, cardModel: 'Standard' | 'ShareBalance' = 'Standard', topUpAmount = '100'): Promise<string> {
  const response = cardModel === 'Standard'
    ? await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount } })
    : await p.api('POST', '/v1/orders/sharebalance/apply', { token: c.token, body: { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount: '500', maxCreditAmount: '1000' } });
  return expectOrder(response).cardInfos[0].cardId;
}

/** The audit rows of one action (oldest first). */
export async function auditRowsOf(p: TestPlatform, action: string) {
  return p.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
}

export async function auditTotal(p: TestPlatform): Promise<number> {
  const row = await p.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** orders.requested_by of an order. */
export async function requestedBy(p: TestPlatform, orderNo: string): Promise<string | null> {
  const row = await p.store.db.selectFrom('orders').select('requested_by').where('order_no', '=', orderNo).executeTakeFirstOrThrow();
  return row.requested_by;
}

/**
 * What an order placed through the console must share with the same order placed through /v1: everything
 * but its own identity (number, times, card, customerOrderNo).
 */
export function comparable(order: Record<string, unknown>) {
  const { orderNo: _no, createdOn: _c, modifiedOn: _m, completedOn: _d, paidOn: _p, cardId: _id, customerOrderNo: _r, cardInfos: _i, cardInfo, ...rest } = order;
  // The card's own identity differs; what the order says about its product does not.
  return cardInfo ? { ...rest, cardInfo: { ...(cardInfo as object), cardId: undefined, maskCardNumber: undefined } } : rest;
}

/**
 * The one audit row of an order placed on a customer's behalf: the right action, actor, card and
 * customer, the order's number, type and amount, and never the card's number.
 */
export async function expectOneOrderAudit(p: TestPlatform, action: string, order: any, actor: { id: string; type: string }, customerId: string, cardId: string) {
  const rows = (await auditRowsOf(p, action)).filter((row) => (row.after as any)?.orderNo === order.orderNo);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ actor_type: actor.type, actor_id: actor.id, target_type: 'card', target_id: cardId, customer_id: customerId });
  expect(rows[0]!.after).toEqual({ orderNo: order.orderNo, orderType: order.orderType, amount: expect.stringMatching(/^\d+\.\d{2} USD$/), currency: 'USD' });
  expect(await requestedBy(p, order.orderNo)).toBe(actor.id);
  await expectAuditClean(p);
}
