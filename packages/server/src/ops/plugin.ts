import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { AppContext } from '../context.ts';
import { PlatformMetrics } from './metrics.ts';
import { checkReadiness } from './readiness.ts';

// A load balancer probes every few seconds; an answer slower than this is no answer.
const READINESS_TIMEOUT_MS = 2000;

declare module 'fastify' {
  interface FastifyInstance { metrics: PlatformMetrics }
}

/**
 * Operations endpoints, beside the APIs (not under the base path, not in the
 * envelope, like /healthz): /readyz for load balancers and /metrics for
 * Prometheus, and the request counters on every route. Registered before the
 * routes, unencapsulated, so its onResponse hook sees them all.
 */
export default fp(async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
  const metrics = new PlatformMetrics(ctx.store, app.log);
  app.decorate('metrics', metrics);
  ctx.executor.onOrderFinished = (order) => metrics.orderFinished(order);
  ctx.transactions.engine.onDecided = (transaction) => metrics.authorizationDecided(transaction);

  // The hot path of every request. Each route gets its own hook that already knows its template:
  // request.routeOptions would build an object per request. Callback style: no promise per request.
  app.addHook('onRoute', (route) => {
    const template = route.url;
    const observe: onResponseHookHandler = (request, reply, done) => {
      metrics.observeRequest(template, request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    route.onResponse = route.onResponse ? [...[route.onResponse].flat(), observe] : [observe];
  });
  // Requests no route matched (404): no route hook sees them. is404 is a plain field check.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) metrics.observeRequest('unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(ctx.store, READINESS_TIMEOUT_MS);
    if (readiness.ready) return { status: 'ready' };
    return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', reason: readiness.reason });
  });

  const expected = ctx.config.metricsToken === undefined ? null : digest(ctx.config.metricsToken);
  app.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    if (expected && !bearerMatches(request.headers.authorization, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ status: 'unauthorized', reason: 'a valid metrics token is required' });
    }
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
}, { name: 'cardepass-ops' });

// Digests are of equal length whatever was sent, so the comparison is constant-time and leaks no length.
const digest = (text: string) => createHash('sha256').update(text).digest();

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}
