// Helpers for the event tests (services/events/*.test.ts, routes/openapi/v1/events/*.test.ts):
// a customer's events as the API lists them, and what the other endpoints say
// about the same things, so a test compares an event with the API's own answer.
import { expect } from 'vitest';
import type { TestCustomer, TestPlatform } from './harness.ts';

/** GET /v1/events with `query`: the page. */
export async function eventsPage(p: TestPlatform, c: TestCustomer, query: Record<string, string> = {}): Promise<any> {
  const response = await p.api('GET', '/v1/events', { token: c.token, query });
  expect(response.statusCode, response.body).toBe(200);
  return response.json.data;
}

/** Every event of the customer matching `query`, newest first, read page by page. */
export async function allEvents(p: TestPlatform, c: TestCustomer, query: Record<string, string> = {}): Promise<any[]> {
  const events: any[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await eventsPage(p, c, { ...query, PageSize: '100', PageNumber: String(pageNumber) });
    events.push(...page.data);
    if (pageNumber >= page.totalPages) return events;
  }
}

/** The customer's events oldest first (the order they happened in). */
export const eventsInOrder = async (p: TestPlatform, c: TestCustomer, query: Record<string, string> = {}) => (await allEvents(p, c, query)).reverse();

/** The order as its mode's query renders it. */
export async function queriedOrder(p: TestPlatform, c: TestCustomer, orderNo: string, mode: 'standard' | 'sharebalance'): Promise<any> {
  const response = await p.api('GET', `/v1/orders/${mode}`, { token: c.token, query: { OrderNo: orderNo } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json.data;
}

/** GET /v1/cards/{cardId} without the card data events never carry. */
export async function cardWithoutNumbers(p: TestPlatform, c: TestCustomer, cardId: string): Promise<any> {
  const response = await p.api('GET', `/v1/cards/${cardId}`, { token: c.token });
  expect(response.statusCode, response.body).toBe(200);
  const { cardNumber: _cardNumber, cvv: _cvv, ...rest } = response.json.data;
  return rest;
}

/** The types of events, in order, in a compact form for assertions. */
export const typesOf = (events: any[]) => events.map((e) => e.type);

/** The events after `before` (a list read earlier, oldest first): what a step emitted. */
export async function eventsSince(p: TestPlatform, c: TestCustomer, before: any[]): Promise<any[]> {
  const seen = new Set(before.map((e) => e.eventId));
  return (await eventsInOrder(p, c)).filter((e) => !seen.has(e.eventId));
}
