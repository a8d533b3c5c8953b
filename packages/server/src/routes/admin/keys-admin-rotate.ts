import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/**
 * POST /admin/v1/keys/admin/rotate — a new admin key, answered this once; the key that made the call
 * is refused by every process from the next request on. The answer must not be cached anywhere.
 */
const route: RouteModule = (app, ctx) => {
  app.post('/keys/admin/rotate', {
    config: { access: 'platform.keys' },
    schema: { tags: ['Admin'], summary: 'Replace the admin key', security: adminSecurity, response: { 200: admin.AdminKeyRotationResponse, ...errorResponses } },
  }, async (request, reply) => {
    const rotation = await ctx.keyring.admin.rotate();
    request.log.info({ keyFile: rotation.keyFile, environmentOutdated: rotation.environmentOutdated }, 'admin key rotated');
    reply.header('cache-control', 'no-store');
    return ok(request, rotation);
  });
};
export default route;
