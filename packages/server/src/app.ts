import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifySchema, type FastifyServerOptions } from 'fastify';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';
import type { IssuerChannel } from './channel/channel.ts';
import { createContext, type AppContext } from './context.ts';
import type { KeyMaterial } from './services/keys/platform-keyring.ts';
import envelope, { frameworkErrorHandler } from './plugins/envelope.ts';
import inputGuard from './plugins/input-guard.ts';
import securityHeaders, { applySecurityHeaders } from './plugins/security-headers.ts';
import ops from './ops/plugin.ts';
import consoleAssets from './plugins/console-assets.ts';
import { openapiRoutes } from './routes/openapi/index.ts';
import { adminRoutes } from './routes/admin/index.ts';
import type { TypedApp } from './routes/route-kit.ts';
import type { RouteAccess } from './routes/admin/access.ts';
import { ajvFor, lazySerializerCompiler, lazyValidator } from './lib/schema-compilers.ts';

declare module 'fastify' {
  interface FastifyInstance { ctx: AppContext; registeredRoutes: RegisteredRoute[] }
}

/** A route as registered; the schema lets tests (the fuzz suite) generate requests for every route. */
export interface RegisteredRoute { method: string; url: string; schema?: FastifySchema; access?: RouteAccess }

export interface BuildOptions {
  config: Config;
  store: Store;
  keys: KeyMaterial;
  channel?: IssuerChannel;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the whole application without listening: tests inject into it, main.ts listens. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-admin-key"]', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] },
    genReqId: () => randomUUID(),
    // Every log line of a request carries its responseId, the id clients quote to support.
    logController: new LogController({ requestIdLogLabel: 'responseId' }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    // Fastify answers 404 for a URL with a trailing slash unless told otherwise; clients copy paths from the documents.
    routerOptions: { ignoreTrailingSlash: true },
    // Router errors (broken percent-encoding, an over-long path parameter) answer the envelope too.
    // They skip every hook, onSend too: the security headers are set here for them.
    frameworkErrors: (error, request, reply) => { applySecurityHeaders(reply, { hsts: config.hsts }); return frameworkErrorHandler(error, request, reply); },
    // Graceful shutdown: close() drops idle keep-alive connections at once, and a request already on
    // a connection when shutdown begins is served (with Connection: close), not cut short by a bare 503.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Validators and serializers compile on each route's first use (see schema-compilers.ts: start-up time).
  app.setValidatorCompiler(({ schema, httpPart }) => lazyValidator(ajvFor(httpPart), schema));
  app.setSerializerCompiler(lazySerializerCompiler());
  const ctx = createContext(config, options.store, options.keys, app.log, options.channel);
  app.decorate('ctx', ctx);
  await ctx.keyring.init();
  // Every route, for the README and OpenAPI checks: nothing registered goes undocumented.
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, schema: route.schema, access: route.config?.access });
  });

  await app.register(envelope);
  await app.register(securityHeaders, { hsts: config.hsts });
  await app.register(inputGuard);
  await app.register(ops, { ctx });
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await app.register(async (scope) => openapiRoutes(scope as unknown as TypedApp, ctx), { prefix: config.basePath });
  await app.register(async (scope) => adminRoutes(scope as unknown as TypedApp, ctx), { prefix: '/admin/v1' });
  await app.register(consoleAssets);
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}
