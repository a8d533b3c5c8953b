import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../lib/api-error.ts';
import { AuthThrottle } from '../../services/auth-throttle.ts';
import type { AppContext } from '../../context.ts';

/**
 * Failed admin-key attempts per address, shared by every process through the
 * database (README: Credential throttling). Kept apart from how the key is
 * checked: call refuseWhileLocked before the check and recordFailure when it
 * fails, whatever the check is (a configured key, a stored hash).
 */
export function adminKeyThrottle(ctx: AppContext, log: FastifyBaseLogger) {
  const throttle = new AuthThrottle(ctx.store, ctx.config.authLockoutWindowSeconds, log);
  const budgets = (request: FastifyRequest) => AuthThrottle.adminBudgets(request.ip, ctx.config.adminAuthFailuresPerIp);
  return {
    /** 429 TOO_MANY_FAILED_ATTEMPTS with Retry-After while this address's budget is used up, even for the right key. */
    async refuseWhileLocked(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const lock = await throttle.lockOf(budgets(request));
      if (!lock) return;
      reply.header('retry-after', String(lock.retryAfter_s));
      throw new ApiError('TOO_MANY_FAILED_ATTEMPTS', { retryAfter: lock.retryAfter_s });
    },
    /** Counts a wrong key presented from this address. */
    async recordFailure(request: FastifyRequest): Promise<void> {
      await throttle.recordFailure(budgets(request), { ip: request.ip, log: request.log });
    },
  };
}
