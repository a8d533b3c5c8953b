// A small world for the operator API's read-only card, order and transaction
// routes (routes/admin/cards, routes/admin/orders): two customers with cards of
// both modes, currencies and products, orders that completed and one that
// failed, and an authorization with a clearing, a partial refund and a reversal.
import { expect } from 'vitest';
import type { TestCustomer, TestPlatform } from './harness.ts';
import { SwitchableChannel } from './gated-channel.ts';
import { applyCard, post, postOk } from './standard-kit.ts';
import { applyShareCard } from './share-balance-kit.ts';
import { approved, simulateOk } from './transactions-kit.ts';

export interface AdminReadsWorld {
  a: TestCustomer;
  b: TestCustomer;
  /** A's Standard USD PROD001 card, alias 'Marketing 50%_Team': top-ups (one failed), a withdrawal, transactions. */
  marketing: string;
  /** A's ShareBalance USD card. */
  share: string;
  /** A's Standard EUR card, blocked. */
  blocked: string;
  /** A's Standard USD PROD002 (VISA) card. */
  visa: string;
  /** B's Standard USD card, alias 'Marketing B'. */
  other: string;
  failedOrderNo: string;
  /** On `marketing`: cleared with a partial refund. */
  clearedAuth: string;
  /** On `marketing`: reversed. */
  reversedAuth: string;
}

export const channel = () => new SwitchableChannel();
/** The world is some twenty orders and transactions: on a busy machine with PGlite that outlasts the default hook timeout. */
export const WORLD_SETUP_MS = 240_000;

export async function buildAdminReadsWorld(p: TestPlatform, switchable: SwitchableChannel): Promise<AdminReadsWorld> {
  const a = await p.customer({ USD: '2000', EUR: '300' });
  const b = await p.customer({ USD: '500' });
  const marketing = (await applyCard(p, a, '100', { cardAlias: 'Marketing 50%_Team' })).cardId;
  const share = (await applyShareCard(p, a)).cardId;
  const blocked = (await applyCard(p, a, '50', { cardCurrency: 'EUR' })).cardId;
  await postOk(p, a, 'block', { cardId: blocked });
  const visa = (await applyCard(p, a, '10', { productCode: 'PROD002' })).cardId;
  const other = (await applyCard(p, b, '30', { cardAlias: 'Marketing B' })).cardId;
  await postOk(p, a, 'topup', { cardId: marketing, topUpAmount: '20' });
  await postOk(p, a, 'withdraw', { cardId: marketing, withdrawAmount: '5' });
  switchable.down = true;
  const failed = await post(p, a, 'topup', { cardId: marketing, topUpAmount: '7' });
  switchable.down = false;
  expect(failed.json.data?.status, failed.body).toBe('Failure');
  const clearedAuth = await approved(p, a, marketing, '12.34', { merchantName: 'Bookshop' });
  await simulateOk(p, a, 'clear', { transactionId: clearedAuth });
  await simulateOk(p, a, 'refund', { transactionId: clearedAuth, amount: '2.34' });
  const reversedAuth = await approved(p, a, marketing, '3');
  await simulateOk(p, a, 'reverse', { transactionId: reversedAuth });
  await approved(p, b, other, '1');
  return { a, b, marketing, share, blocked, visa, other, failedOrderNo: failed.json.data.orderNo, clearedAuth, reversedAuth };
}

/** Every key of a JSON value, at any depth. */
export function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

/** Every string value of a JSON value, at any depth. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Asserts a response body carries none of these cards' numbers or CVVs (decrypted here, as GET /v1/cards does). */
export async function expectNoCardData(p: TestPlatform, body: string, cards: Array<{ customerId: string; cardId: string }>): Promise<void> {
  const json = JSON.parse(body);
  const keys = keysOf(json);
  expect(keys).not.toContain('cardNumber');
  expect(keys).not.toContain('cvv');
  const strings = stringsOf(json);
  for (const { customerId, cardId } of cards) {
    const { cardNumber, cvv } = await p.app.ctx.cards.view(customerId, cardId);
    expect(cardNumber).toMatch(/^[0-9]{16}$/);
    expect(body).not.toContain(cardNumber);
    expect(strings).not.toContain(cvv);
  }
}
