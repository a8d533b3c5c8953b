import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../../lib/api-error.ts';
import { errorResponses, type RouteModule } from '../../route-kit.ts';

// Swagger UI's browser files, as @fastify/swagger-ui ships them prebuilt in its
// static/ directory. We serve them ourselves rather than registering that plugin:
// it adds a dozen routes of its own under the base path, and swagger-ui-dist
// would bring a telemetry install script. Only these files (and our own two) are served.
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@fastify/swagger-ui/package.json'));
export const SWAGGER_UI_VERSION = (require('@fastify/swagger-ui/package.json') as { version: string }).version;

// Our own two files: what would otherwise be inline in the page, which its Content-Security-Policy forbids.
const DOCS_INIT_JS = `// Starts Swagger UI on the reference page (docs-page.ts), reading the document's URL
// from data-url: a file rather than an inline script, so the page's policy can refuse them all.
(function () {
  'use strict';
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-url'),
    domNode: root,
    deepLinking: true,
    // Off: Swagger UI would keep the Authorize dialog's client secret and tokens in localStorage.
    persistAuthorization: false,
    // Otherwise Swagger UI sends the document to validator.swagger.io.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
  // The one scope, ticked in the Authorize dialog's client credentials form.
  window.ui.initOAuth({ scopes: ['openapi'] });
})();
`;
const DOCS_PAGE_CSS = 'body { margin: 0; }\n';
/** The page's ?v= on every asset: changes with Swagger UI and with our own files, so a day's caching is safe. */
export const ASSETS_VERSION = `${SWAGGER_UI_VERSION}-${createHash('sha256').update(DOCS_INIT_JS + DOCS_PAGE_CSS).digest('hex').slice(0, 8)}`;

const ASSETS: Record<string, { type: string; read: () => Promise<Buffer> }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', read: () => readFile(join(packageDir, 'static', 'swagger-ui.css')) },
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', read: () => readFile(join(packageDir, 'static', 'swagger-ui-bundle.js')) },
  'favicon-32x32.png': { type: 'image/png', read: () => readFile(join(packageDir, 'static', 'favicon-32x32.png')) },
  'docs-init.js': { type: 'text/javascript; charset=utf-8', read: async () => Buffer.from(DOCS_INIT_JS) },
  'docs-page.css': { type: 'text/css; charset=utf-8', read: async () => Buffer.from(DOCS_PAGE_CSS) },
};

const AssetParams = Type.Object({
  file: Type.String({ pattern: '^[A-Za-z0-9._-]+$', maxLength: 64, description: Object.keys(ASSETS).join(', ') }),
});

/** GET /docs/assets/{file} — the reference page's scripts, styles and icon, from our own server (no CDN). */
const route: RouteModule = (app) => {
  // Read once, on first use: the bundle is 1.5 MB and the files never change while the process runs.
  const cache = new Map<string, Buffer>();
  app.get('/docs/assets/:file', {
    schema: {
      tags: ['API reference'], summary: 'Files of the API reference page',
      produces: [...new Set(Object.values(ASSETS).map(({ type }) => type.split(';')[0]!))],
      params: AssetParams,
      // Bytes, sent as they are (no serializer runs on a Buffer): typed as one for the handler.
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', contentEncoding: 'binary', description: 'The file' }), ...errorResponses },
    },
  }, async (request, reply) => {
    const { file } = request.params;
    const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!asset) throw new ApiError('ROUTE_NOT_FOUND', { method: 'GET', url: request.url.split('?')[0]!.slice(0, 200) });
    let body = cache.get(file);
    if (!body) cache.set(file, body = await asset.read());
    // The page asks for ?v=<version>, so a long cache lifetime is safe across upgrades.
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(body);
  });
};
export default route;
