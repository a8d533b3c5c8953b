import { Type } from '@sinclair/typebox';
import { errorResponses, type RouteModule } from '../../route-kit.ts';
import { SWAGGER_UI_VERSION } from './docs-assets.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page: Swagger UI rendering /swagger.json. Every URL in it is an absolute
 * path on this server (the base path is configurable, and /docs/ with a trailing
 * slash must load the same files), so it works offline and behind no CDN.
 * validatorUrl: null stops Swagger UI sending the document to validator.swagger.io.
 */
export function docsPage(basePath: string): string {
  const assets = `${basePath}/docs/assets`;
  const v = `?v=${encodeURIComponent(SWAGGER_UI_VERSION)}`;
  const options = {
    url: `${basePath}/swagger.json`,
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    validatorUrl: null,
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Cardepass API reference</title>
  <link rel="stylesheet" href="${escapeHtml(`${assets}/swagger-ui.css${v}`)}">
  <link rel="icon" type="image/png" href="${escapeHtml(`${assets}/favicon-32x32.png${v}`)}">
  <style>body { margin: 0; }</style>
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${escapeHtml(`${assets}/swagger-ui-bundle.js${v}`)}"></script>
  <script>
    window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(options).replace(/</g, '\\u003c')}, {
      presets: [SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
    }));
  </script>
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
