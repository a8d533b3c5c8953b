import { randomUUID } from 'node:crypto';
import { TokenRequest, TokenResponse, TokenError, OPENAPI_SCOPE } from '@cardepass/contract';
import { signJwt } from '../../lib/jwt.ts';
import { AuthThrottle } from '../../services/auth-throttle.ts';
import { unsafeTextReason } from '../../plugins/input-guard.ts';
import type { RouteModule } from '../route-kit.ts';

/** Reads HTTP Basic client credentials (RFC 6749 §2.3.1: form-urlencoded id and secret). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header ? /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

/** POST /connect/token — OAuth2 client credentials; answers plain OAuth2 JSON, not the envelope. */
const route: RouteModule = (app, ctx) => {
  // Failed client authentications, counted per client_id and address in the database (README: Credential throttling).
  const throttle = new AuthThrottle(ctx.store, ctx.config.authLockoutWindowSeconds, app.log);
  const limits = { perPair: ctx.config.authFailuresPerPair, perIp: ctx.config.authFailuresPerIp, perClient: ctx.config.authFailuresPerClient };
  app.post('/connect/token', {
    config: { oauth: true },
    schema: {
      tags: ['Token'],
      summary: 'Get an access token (OAuth2 client credentials)',
      consumes: ['application/x-www-form-urlencoded'],
      body: TokenRequest,
      response: { 200: TokenResponse, '4xx': TokenError },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const fail = (status: number, error: TokenError['error'], description: string) => reply.status(status).send({ error, error_description: description });
    const body = request.body ?? {};
    if (!body.grant_type) return fail(400, 'invalid_request', 'grant_type is required');
    if (body.grant_type !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'Only client_credentials is supported');
    const basic = basicCredentials(request.headers.authorization);
    const clientId = basic?.id ?? body.client_id;
    const clientSecret = basic?.secret ?? body.client_secret;
    if (!clientId || !clientSecret) {
      reply.header('www-authenticate', 'Basic realm="cardepass"');
      return fail(401, 'invalid_client', 'Client credentials are required (client_id and client_secret, or HTTP Basic)');
    }
    // HTTP Basic credentials bypass the input guard (it reads body, query and path): check them the same way.
    if (unsafeTextReason(clientId) || unsafeTextReason(clientSecret)) return fail(400, 'invalid_request', 'Client credentials must not contain control characters or unpaired surrogates');
    const scope = body.scope?.trim() || OPENAPI_SCOPE;
    if (scope.split(/\s+/).some((s) => s !== OPENAPI_SCOPE)) return fail(400, 'invalid_scope', `The only scope is ${OPENAPI_SCOPE}`);
    const budgets = AuthThrottle.clientBudgets(clientId, request.ip, limits);
    const lock = await throttle.lockOf(budgets);
    if (lock) {
      // slow_down (RFC 8628, in IANA's OAuth error registry), not invalid_client: the credentials may well be
      // right (a correct secret is refused too while the lock lasts), and a client must wait, not re-provision.
      reply.header('retry-after', String(lock.retryAfter_s));
      return fail(429, 'slow_down', `Too many failed attempts; retry after ${lock.retryAfter_s} seconds`);
    }
    const customerId = await ctx.customers.verifyCredentials(clientId, clientSecret);
    if (!customerId) {
      await throttle.recordFailure(budgets, { ip: request.ip, clientId, log: request.log });
      reply.header('www-authenticate', 'Basic realm="cardepass"');
      return fail(401, 'invalid_client', 'Client authentication failed');
    }
    const now = Math.floor(Date.now() / 1000);
    const ttl = ctx.config.tokenTtlSeconds;
    const accessToken = signJwt(await ctx.keyring.jwt.signingKey(), { sub: customerId, client_id: clientId, scope, iat: now, exp: now + ttl, jti: randomUUID() });
    return { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' as const, scope };
  });
};
export default route;
