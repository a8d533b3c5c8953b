import { admin } from '@cardepass/contract';
import { ok } from '../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../route-kit.ts';

/**
 * POST /admin/v1/keys/data/rotate — a new data key for PAN and CVV (new cards use it at once in every
 * process), then every card is re-encrypted in the background; GET /keys/data/status follows it.
 * While cards remain on an older version (a run that crashed or is still going), this resumes the
 * re-encryption instead of adding yet another key: running the command again is how to recover.
 */
const route: RouteModule = (app, ctx) => {
  app.post('/keys/data/rotate', {
    config: { access: 'platform.keys' },
    schema: { tags: ['Admin'], summary: 'Rotate the card data key and re-encrypt every card', security: adminSecurity, response: { 200: admin.DataKeyRotationResponse, ...errorResponses } },
  }, async (request) => {
    const { reencryption } = ctx.keyring;
    const unfinished = (await reencryption.status()).remaining > 0;
    if (!unfinished) {
      const version = await ctx.keyring.data.rotate();
      request.log.info({ version }, 'data key rotated; re-encrypting cards');
    } else {
      request.log.info('data key re-encryption resumed');
    }
    // The counts before the background run starts: what this call set out to re-encrypt.
    const status = await reencryption.status();
    reencryption.start();
    return ok(request, { rotated: !unfinished, ...status, running: true });
  });
};
export default route;
