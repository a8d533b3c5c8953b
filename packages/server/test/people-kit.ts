import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { isCustomerRole, type Role } from '@cardepass/contract';
import { hashSecret } from '../src/lib/crypto.ts';
import { newUserId } from '../src/lib/ids.ts';
import { LOCAL_SESSION_COOKIE } from '../src/routes/admin/access.ts';
import { verifyAuditChain } from '../src/services/audit/audit-log.ts';
import type { TestPlatform } from './harness.ts';

/** A signed-in console user: calls /admin/v1 with its session cookie and, on changes, its CSRF token. */
export interface TestUser {
  userId: string;
  email: string;
  password: string;
  role: Role;
  customerId: string | null;
  cookie: string;
  csrfToken: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse & { json: any }>;
}

export interface UserOptions { customerId?: string; password?: string; email?: string }

// One scrypt hash for every kit user: hashing costs tens of milliseconds, and the role-matrix
// tests create dozens of users. Tests of passwords themselves go through the real routes.
const KIT_PASSWORD = 'kit-password-correct-horse-battery';
let kitHash: Promise<string> | undefined;

/**
 * A user of the given role, stored as the users service stores one, with a
 * session opened by the sessions service (the sign-in route's own tests
 * sign in through HTTP). Customer roles need options.customerId.
 */
export async function createUser(p: TestPlatform, role: Role, options: UserOptions = {}): Promise<TestUser> {
  const customerId = isCustomerRole(role) ? options.customerId : null;
  if (isCustomerRole(role) && !customerId) throw new Error(`createUser: role ${role} needs a customerId`);
  const password = options.password ?? KIT_PASSWORD;
  const passwordHash = options.password ? await hashSecret(password) : await (kitHash ??= hashSecret(KIT_PASSWORD));
  const userId = newUserId();
  const email = options.email ?? `${role}-${randomBytes(4).toString('hex')}@example.test`;
  await p.store.db.insertInto('users').values({
    id: userId, email, email_key: email.toLowerCase(), role, customer_id: customerId ?? null,
    password_hash: passwordHash, password_changed_at: new Date(), created_by: 'test-kit',
  }).execute();
  const session = await p.app.ctx.sessions.create(userId, { ip: '127.0.0.1', userAgent: 'people-kit', totpEnrolmentRequired: false });
  return userWithSession(p, { userId, email, password, role, customerId: customerId ?? null }, session.token, session.csrfToken);
}

/** A TestUser for a session token (from the kit or from a sign-in response's cookie). */
export function userWithSession(p: TestPlatform, user: Pick<TestUser, 'userId' | 'email' | 'password' | 'role' | 'customerId'>, token: string, csrfToken: string): TestUser {
  const cookie = `${LOCAL_SESSION_COOKIE}=${token}`;
  return {
    ...user, cookie, csrfToken,
    async call(method, path, body, headers = {}) {
      const response = await p.app.inject({
        method: method as 'GET', url: `/admin/v1${path}`,
        headers: {
          cookie, ...(method === 'GET' || method === 'HEAD' ? {} : { 'x-csrf-token': csrfToken }),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers,
        },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let json: unknown;
      try { json = response.json(); } catch { json = undefined; }
      return Object.assign(response, { json });
    },
  };
}

/** The audit log's rows for a target (oldest first), as stored. */
export async function auditRowsFor(p: TestPlatform, targetId: string) {
  return p.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', targetId).orderBy('seq').execute();
}

/** Asserts the audit log's hash chain verifies. */
export async function expectAuditClean(p: TestPlatform): Promise<void> {
  const result = await verifyAuditChain(p.store.db);
  expect(result).toMatchObject({ ok: true, headMatches: true, firstBrokenSeq: null });
}
