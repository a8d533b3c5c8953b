import { Type, type Static } from '@sinclair/typebox';
import { errorResponses, type RouteModule } from '../../route-kit.ts';

// Only the top of the document is declared: the serializer must pass everything
// else through untouched (additionalProperties), and the document describes itself.
const OpenApiDocument = Type.Object({
  openapi: Type.String({ description: 'Always 3.1.0' }),
  info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }),
  paths: Type.Object({}, { additionalProperties: true }),
}, {
  additionalProperties: true,
  description: 'The OpenAPI 3.1 document of every endpoint under the base path',
  examples: [{ openapi: '3.1.0', info: { title: 'Cardepass integrator API', version: '0.1.0' }, paths: {} }],
});

/**
 * GET /swagger.json — the OpenAPI 3.1 document, generated from the routes
 * registered under the base path (see document.ts). No token: it is public
 * documentation, and tools fetch it before they have credentials.
 */
const route: RouteModule = (app) => {
  app.get('/swagger.json', {
    schema: {
      tags: ['API reference'], summary: 'This OpenAPI 3.1 document',
      description: 'Generated from the schemas of the routes this server has registered; the page at /docs renders it.',
      response: { 200: OpenApiDocument, ...errorResponses },
    },
  }, async () => app.swagger() as Static<typeof OpenApiDocument>);
};
export default route;
