import type { FastifyReply, FastifyRequest } from 'fastify';
import { isCustomerRole, roleCan, type Permission, type Role } from '@cardepass/contract';
import { ApiError } from '../../lib/api-error.ts';
import { safeEqual } from '../../lib/crypto.ts';
import type { AppContext } from '../../context.ts';
import type { AuditOrigin } from '../../services/audit/audit-log.ts';
import type { SessionUser } from '../../services/people/sessions.ts';
import { adminKeyThrottle } from './admin-key-throttle.ts';

/**
 * What an /admin/v1 route requires: a permission of the table (contract/permissions.ts),
 * 'self' (any signed-in user or the admin key: their own session, password, two-factor),
 * or 'public' (signing in, setting a password through a one-time link).
 */
export type RouteAccess = Permission | 'self' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig { access?: RouteAccess }
  interface FastifyRequest { actor: Actor }
}

/** Who is calling: the admin key (automation: every permission) or a signed-in user. */
export type Actor =
  | { type: 'admin_key'; id: 'admin-key'; label: 'admin key'; role: 'owner'; customerId: null; session: null }
  | { type: 'user'; id: string; label: string; role: Role; customerId: string | null; session: SessionUser };

const ADMIN_KEY_ACTOR: Actor = { type: 'admin_key', id: 'admin-key', label: 'admin key', role: 'owner', customerId: null, session: null };
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// __Host- makes the browser refuse the cookie unless Secure, Path=/ and no Domain: it cannot be
// planted by a sibling subdomain. Plain-http localhost (a developer's machine) cannot use it.
export const SECURE_SESSION_COOKIE = '__Host-cardepass_session';
export const LOCAL_SESSION_COOKIE = 'cardepass_session';
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/** Whether this request came over plain http to localhost, the one case a session cookie is not Secure. */
export const isPlainLocalhost = (request: FastifyRequest) => request.protocol === 'http' && LOCAL_HOST.test(request.headers.host ?? '');

export function sessionCookieName(request: FastifyRequest): string {
  return isPlainLocalhost(request) ? LOCAL_SESSION_COOKIE : SECURE_SESSION_COOKIE;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(sessionCookieName(request), token, {
    httpOnly: true, secure: !isPlainLocalhost(request), sameSite: 'strict', path: '/', expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(request), { httpOnly: true, secure: !isPlainLocalhost(request), sameSite: 'strict', path: '/' });
}

/** The admin key: Authorization: Bearer <key>, or X-Admin-Key: <key>. */
function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-admin-key'];
  if (typeof header === 'string') return header;
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The onRequest check of every /admin/v1 route: who is calling (admin key or
 * session cookie, with its CSRF token on every change), then whether the
 * route's permission allows it. Runs before the body is parsed, so a caller
 * without the permission learns nothing from validation errors.
 */
export function accessCheck(ctx: AppContext, log: FastifyRequest['log']) {
  const throttle = adminKeyThrottle(ctx, log);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    const key = presentedKey(request);
    if (key) {
      await throttle.refuseWhileLocked(request, reply);
      // Checked against the database's hash on every call, so a rotation in any process refuses the old key at once.
      if (!(await ctx.keyring.admin.verify(key))) {
        await throttle.recordFailure(request);
        throw new ApiError('ADMIN_UNAUTHORIZED');
      }
      request.actor = ADMIN_KEY_ACTOR;
    } else {
      const token = request.cookies[SECURE_SESSION_COOKIE] ?? request.cookies[LOCAL_SESSION_COOKIE];
      // No key and no cookie is not a guess: nothing is counted, nothing read.
      if (!token) throw new ApiError('ADMIN_UNAUTHORIZED');
      const session = await ctx.sessions.authenticate(token);
      if (!session) throw new ApiError('SIGN_IN_REQUIRED');
      if (UNSAFE_METHODS.has(request.method)) {
        const presented = request.headers['x-csrf-token'];
        if (typeof presented !== 'string' || !safeEqual(presented, session.csrfToken)) throw new ApiError('CSRF_TOKEN_INVALID');
      }
      request.actor = { type: 'user', id: session.userId, label: session.email, role: session.role, customerId: session.customerId, session };
    }
    if (access === undefined || access === 'self') return;
    if (request.actor.session?.totpEnrolmentRequired) throw new ApiError('TOTP_ENROLMENT_REQUIRED');
    if (!roleCan(request.actor.role, access)) throw new ApiError('FORBIDDEN', { role: request.actor.role, permission: access });
  };
}

/**
 * The customer a query is about. A customer user always gets its own (asking
 * for another is answered as if that customer did not exist); an operator gets
 * what it asked for, or undefined for "all customers".
 */
export function scopedCustomerId(request: FastifyRequest, requested?: string): string | undefined {
  const own = ownCustomerId(request);
  if (own === null) return requested;
  if (requested !== undefined && requested !== own) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId: requested });
  return own;
}

/** The caller's customer when it is a customer user, else null (an operator or the admin key). */
export function ownCustomerId(request: FastifyRequest): string | null {
  const { actor } = request;
  return actor.type === 'user' && isCustomerRole(actor.role) ? actor.customerId : null;
}

/** Whether the caller may see data of this customer: operators all, a customer user only its own. */
export function canSeeCustomer(request: FastifyRequest, customerId: string | null): boolean {
  const own = ownCustomerId(request);
  return own === null || own === customerId;
}

/** The audit log's "who, from where, which request" for a change made by this request. */
export function auditOrigin(request: FastifyRequest): AuditOrigin {
  const { actor } = request;
  return { actor: { type: actor.type, id: actor.id, label: actor.label }, ip: request.ip, responseId: request.id };
}
