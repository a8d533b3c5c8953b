import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../../lib/api-error.ts';
import { errorResponses, type RouteModule } from '../../route-kit.ts';

// Swagger UI's browser files, as @fastify/swagger-ui ships them prebuilt in its
// static/ directory. We serve them ourselves rather than registering that plugin:
// it adds a dozen routes of its own under the base path, and swagger-ui-dist
// would bring a telemetry install script. Only these files are served.
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@fastify/swagger-ui/package.json'));
export const SWAGGER_UI_VERSION = (require('@fastify/swagger-ui/package.json') as { version: string }).version;
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const AssetParams = Type.Object({
  file: Type.String({ pattern: '^[A-Za-z0-9._-]+$', maxLength: 64, description: 'swagger-ui.css, swagger-ui-bundle.js or favicon-32x32.png' }),
});

/** GET /docs/assets/{file} — the reference page's scripts, styles and icon, from our own server (no CDN). */
const route: RouteModule = (app) => {
  // Read once, on first use: the bundle is 1.5 MB and the files never change while the process runs.
  const cache = new Map<string, Buffer>();
  app.get('/docs/assets/:file', {
    schema: {
      tags: ['API reference'], summary: 'Files of the API reference page',
      produces: Object.values(ASSETS).map((type) => type.split(';')[0]!),
      params: AssetParams,
      // Bytes, sent as they are (no serializer runs on a Buffer): typed as one for the handler.
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', contentEncoding: 'binary', description: 'The file' }), ...errorResponses },
    },
  }, async (request, reply) => {
    const { file } = request.params;
    const contentType = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!contentType) throw new ApiError('ROUTE_NOT_FOUND', { method: 'GET', url: request.url.split('?')[0]!.slice(0, 200) });
    let body = cache.get(file);
    if (!body) cache.set(file, body = await readFile(join(packageDir, 'static', file)));
    // The page asks for ?v=<version>, so a long cache lifetime is safe across upgrades.
    return reply.type(contentType).header('cache-control', 'public, max-age=86400').send(body);
  });
};
export default route;
