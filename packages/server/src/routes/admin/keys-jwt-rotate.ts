import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/** POST /admin/v1/keys/jwt/rotate — a new token signing key, used at once by every process; the previous one retires when its tokens expire. */
const route: RouteModule = (app, ctx) => {
  app.post('/keys/jwt/rotate', {
    config: { access: 'platform.keys' },
    schema: { tags: ['Admin'], summary: 'Rotate the access-token signing key', security: adminSecurity, response: { 200: admin.JwtRotationResponse, ...errorResponses } },
  }, async (request) => {
    const rotation = await ctx.keyring.jwt.rotate();
    request.log.info({ kid: rotation.kid, previousKid: rotation.previousKid }, 'JWT signing key rotated');
    return ok(request, rotation);
  });
};
export default route;
