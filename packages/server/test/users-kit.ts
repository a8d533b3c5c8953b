import { expect } from 'vitest';
import { createTestPlatform, type TestPlatform } from './harness.ts';
import { createUser, type TestUser } from './people-kit.ts';

/** The users suites' scene: a platform, two customers, an owner and the first customer's administrator. */
export async function usersScene(): Promise<{ p: TestPlatform; customerId: string; otherCustomerId: string; owner: TestUser; customerAdmin: TestUser }> {
  const p = await createTestPlatform({ products: false });
  const { customerId } = await p.customer();
  const { customerId: otherCustomerId } = await p.customer();
  return { p, customerId, otherCustomerId, owner: await createUser(p, 'owner'), customerAdmin: await createUser(p, 'customer_admin', { customerId }) };
}

/** The one-time token of a password link's URL (it travels in the fragment). */
export function linkToken(url: string): string {
  const match = /^\/console\/set-password#token=([^&]+)$/.exec(url);
  expect(match, url).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

/** Chooses a password through a link, as the invited user's browser does (no credentials). */
export function consumeLink(p: TestPlatform, token: string, password = 'a-long-and-unusual-passphrase-42') {
  return p.app.inject({ method: 'POST', url: '/admin/v1/password-links/consume', payload: { token, password } });
}

/** Signs in through HTTP; answers the status. */
export async function signInStatus(p: TestPlatform, email: string, password = 'a-long-and-unusual-passphrase-42'): Promise<number> {
  const response = await p.app.inject({ method: 'POST', url: '/admin/v1/session', payload: { email, password } });
  return response.statusCode;
}

/** How many audit rows the whole log holds: a refused change must not add one. */
export async function auditCount(p: TestPlatform): Promise<number> {
  const row = await p.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Live (unrevoked) sessions of a user. */
export async function liveSessions(p: TestPlatform, userId: string): Promise<number> {
  const row = await p.store.db.selectFrom('user_sessions').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An audit row as text, to prove a secret is nowhere in it (seq is a bigint). */
export const auditText = (row: unknown) => JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
