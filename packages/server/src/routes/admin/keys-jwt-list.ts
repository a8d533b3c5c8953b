import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/** GET /admin/v1/keys/jwt — the signing keys by kid and status (never their secrets). */
const route: RouteModule = (app, ctx) => {
  app.get('/keys/jwt', {
    config: { access: 'platform.keys' },
    schema: { tags: ['Admin'], summary: 'List access-token signing keys', security: adminSecurity, response: { 200: admin.JwtSigningKeyListResponse, ...errorResponses } },
  }, async (request) => ok(request, await ctx.keyring.jwt.list()));
};
export default route;
