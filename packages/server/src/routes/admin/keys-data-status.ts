import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/** GET /admin/v1/keys/data/status — the current data key version and how many cards are still on older ones. */
const route: RouteModule = (app, ctx) => {
  app.get('/keys/data/status', {
    config: { access: 'platform.keys' },
    schema: { tags: ['Admin'], summary: 'Data key version and re-encryption progress', security: adminSecurity, response: { 200: admin.DataKeyStatusResponse, ...errorResponses } },
  }, async (request) => ok(request, await ctx.keyring.reencryption.status()));
};
export default route;
