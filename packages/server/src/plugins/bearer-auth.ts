import type { FastifyReply, FastifyRequest } from 'fastify';
import { OPENAPI_SCOPE } from '@cardepass/contract';
import { ApiError } from '../lib/api-error.ts';
import { RateLimiter } from '../lib/rate-limiter.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../services/orders/standard.ts';

declare module 'fastify' {
  interface FastifyRequest { principal: Principal }
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/**
 * The onRequest hook of every /v1 route: a valid, unexpired access token with the
 * openapi scope, whose client is not revoked and whose customer is not
 * disabled; then the client's rate limit, reported in RateLimit-* headers.
 */
export function bearerAuth(ctx: AppContext) {
  const limiter = new RateLimiter(ctx.config.rateLimitPerSecond);
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    if (!header) {
      reply.header('www-authenticate', 'Bearer realm="cardepass"');
      throw new ApiError('UNAUTHORIZED');
    }
    const match = BEARER.exec(header);
    const claims = match ? await ctx.keyring.jwt.verify(match[1]!, Math.floor(Date.now() / 1000)) : 'malformed';
    if (typeof claims === 'string') {
      reply.header('www-authenticate', `Bearer realm="cardepass", error="invalid_token"`);
      throw new ApiError('INVALID_TOKEN');
    }
    if (!claims.scope.split(' ').includes(OPENAPI_SCOPE)) {
      reply.header('www-authenticate', `Bearer realm="cardepass", error="insufficient_scope", scope="${OPENAPI_SCOPE}"`);
      throw new ApiError('INSUFFICIENT_SCOPE');
    }
    const status = await ctx.customers.principal(claims.client_id);
    if (!status || !status.clientActive || status.customerId !== claims.sub) throw new ApiError('INVALID_TOKEN');
    if (!status.customerActive) throw new ApiError('CUSTOMER_DISABLED');
    if (limiter.enabled) {
      const budget = limiter.take(claims.client_id);
      // The IETF RateLimit fields on every answer to a known client (success, error or 429), so clients can pace
      // themselves before they hit the limit. Set here, before the handler runs, they survive any error reply.
      reply.header('ratelimit-limit', budget.limit).header('ratelimit-remaining', budget.remaining).header('ratelimit-reset', budget.reset_s);
      if (budget.retryAfter_s > 0) {
        reply.header('retry-after', String(budget.retryAfter_s));
        throw new ApiError('RATE_LIMITED', { retryAfter: budget.retryAfter_s });
      }
    }
    request.principal = { customerId: claims.sub, clientId: claims.client_id };
  };
}
