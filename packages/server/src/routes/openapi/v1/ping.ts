import { PingResponse } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';

/** GET /v1/ping — checks the token. */
const route: RouteModule = (app) => {
  app.get('/v1/ping', {
    schema: { tags: ['Token'], summary: 'Check an access token', security: bearerSecurity, response: { 200: PingResponse, ...errorResponses } },
  }, async (request) => ok(request, null));
};
export default route;
