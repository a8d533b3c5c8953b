import { Type, type Static } from '@sinclair/typebox';
import { errorResponses, type RouteModule } from '../../route-kit.ts';

// Only the top is declared: the serializer passes everything else through (additionalProperties).
const OperatorApiDocument = Type.Object({
  openapi: Type.String({ description: 'Always 3.1.0' }),
  info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }),
  paths: Type.Object({}, { additionalProperties: true }),
}, { additionalProperties: true, description: 'The OpenAPI 3.1 document of every /admin/v1 endpoint' });

/**
 * GET /admin/v1/openapi.json — the operator API's OpenAPI 3.1 document (see
 * document.ts). Public, like the integrator document: it holds no data, only the
 * shape of the routes, and tools fetch it before they have credentials.
 */
const route: RouteModule = (app) => {
  app.get('/openapi.json', {
    config: { access: 'public' },
    schema: {
      tags: ['Admin'], summary: 'This OpenAPI 3.1 document of the operator API',
      response: { 200: OperatorApiDocument, ...errorResponses },
    },
  }, async () => app.swagger() as Static<typeof OperatorApiDocument>);
};
export default route;
