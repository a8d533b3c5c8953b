import { Type } from '@sinclair/typebox';
import { errorResponses, type RouteModule } from '../../route-kit.ts';
import { ASSETS_VERSION } from './docs-assets.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page: Swagger UI rendering /swagger.json. Every URL in it is an absolute
 * path on this server (the base path is configurable, and /docs/ with a trailing
 * slash must load the same files), so it works offline and behind no CDN.
 * No inline script or style: Swagger UI is started by docs-init.js, which reads the
 * document's URL from data-url, so the page's Content-Security-Policy
 * (plugins/security-headers.ts) allows scripts from this server only.
 */
export function docsPage(basePath: string): string {
  const asset = (file: string) => escapeHtml(`${basePath}/docs/assets/${file}?v=${encodeURIComponent(ASSETS_VERSION)}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Cardepass API reference</title>
  <link rel="stylesheet" href="${asset('swagger-ui.css')}">
  <link rel="stylesheet" href="${asset('docs-page.css')}">
  <link rel="icon" type="image/png" href="${asset('favicon-32x32.png')}">
</head>
<body>
  <div id="swagger-ui" data-url="${escapeHtml(`${basePath}/swagger.json`)}"></div>
  <script src="${asset('swagger-ui-bundle.js')}"></script>
  <script src="${asset('docs-init.js')}"></script>
</body>
</html>
`;
}

/** GET /docs — the interactive API reference page (no token: it only reads the public document). */
const route: RouteModule = (app, ctx) => {
  const html = docsPage(ctx.config.basePath);
  app.get('/docs', {
    schema: {
      tags: ['API reference'], summary: 'Interactive API reference (Swagger UI)',
      description: 'Loads its scripts and styles from /docs/assets on this server and renders /swagger.json.',
      produces: ['text/html'],
      response: { 200: Type.String({ description: 'The HTML page', examples: ['<!DOCTYPE html><html lang="en">…</html>'] }), ...errorResponses },
    },
  }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
};
export default route;
