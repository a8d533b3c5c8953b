import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { permissionsOf } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import type { AppContext } from '../../../context.ts';
import type { AuditOrigin } from '../../../services/audit/audit-log.ts';
import { AuthThrottle, type ThrottleBudget } from '../../../services/auth-throttle.ts';
import type { SessionUser } from '../../../services/people/sessions.ts';
import { emailKeyOf, type UserRow } from '../../../services/people/users.ts';

/** The user's own record as the operator API shows it: never a hash, a secret or a code. */
export const renderUser = (row: UserRow) => ({
  userId: row.id, email: row.email, name: row.name, role: row.role, customerId: row.customer_id, status: row.status,
  totpEnabled: row.totp_enabled_at !== null, passwordSet: row.password_hash !== null,
  lastSignInOn: row.last_sign_in_at ? new Date(row.last_sign_in_at).toISOString() : null,
  createdOn: new Date(row.created_at).toISOString(),
});

/** SessionInfo: who is signed in, what they may do, and the CSRF token the console sends on every change. */
export const sessionInfo = (row: UserRow, session: { csrfToken: string; totpEnrolmentRequired: boolean; expiresAt: Date }) => ({
  user: renderUser(row), permissions: permissionsOf(row.role), csrfToken: session.csrfToken,
  totpEnrolmentRequired: session.totpEnrolmentRequired, expiresOn: session.expiresAt.toISOString(),
});

/**
 * The signed-in user of a 'self' route. The admin key has no user, session,
 * password or authenticator: it is answered 401 SIGN_IN_REQUIRED, as a caller without a session.
 */
export function signedInUser(request: FastifyRequest): { userId: string; email: string; customerId: string | null; session: SessionUser } {
  const { actor } = request;
  if (actor.type !== 'user') throw new ApiError('SIGN_IN_REQUIRED');
  return { userId: actor.id, email: actor.label, customerId: actor.customerId, session: actor.session };
}

/** The audit origin of a change a user makes to themself, also on public routes where no actor is set yet. */
export const userOrigin = (request: FastifyRequest, user: { id: string; email: string }): AuditOrigin =>
  ({ actor: { type: 'user', id: user.id, label: user.email }, ip: request.ip, responseId: request.id });

/**
 * Failed passwords and codes, counted as the token endpoint counts client
 * secrets (README: Credential throttling): per account from anywhere and per
 * address. While a budget is spent even the right password is refused.
 */
export function signInThrottle(ctx: AppContext, log: FastifyBaseLogger) {
  const throttle = new AuthThrottle(ctx.store, ctx.config.authLockoutWindowSeconds, log);
  const limits = { perAccount: ctx.config.signInFailuresPerAccount, perIp: ctx.config.signInFailuresPerIp };
  const budgetsOf = (request: FastifyRequest, email: string | null): ThrottleBudget[] => email === null
    ? AuthThrottle.signInIpBudgets(request.ip, limits.perIp)
    : AuthThrottle.signInBudgets(emailKeyOf(email), request.ip, limits);
  return {
    /** 429 TOO_MANY_FAILED_ATTEMPTS with Retry-After while the account's or the address's budget is spent. */
    async refuseWhileLocked(request: FastifyRequest, reply: FastifyReply, email: string | null): Promise<void> {
      const lock = await throttle.lockOf(budgetsOf(request, email));
      if (!lock) return;
      reply.header('retry-after', String(lock.retryAfter_s));
      throw new ApiError('TOO_MANY_FAILED_ATTEMPTS', { retryAfter: lock.retryAfter_s });
    },
    /** Counts one failure (email null: a guess at a one-time link, counted per address only). */
    async recordFailure(request: FastifyRequest, email: string | null): Promise<void> {
      await throttle.recordFailure(budgetsOf(request, email), { ip: request.ip, log: request.log });
    },
  };
}

export const wrongPassword = (field: string) =>
  new ApiError('VALIDATION_FAILED', { field, reason: { en: 'it is not your current password', zh: '不是您当前的密码' } });
