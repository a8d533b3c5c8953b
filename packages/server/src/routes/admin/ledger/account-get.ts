import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { findAccount } from '../../../services/ledger/explorer.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { ledgerViewer } from './viewer.ts';

/** GET /admin/v1/ledger/accounts/{accountId} — one account; another customer's (or, for a customer user, a platform account) is a 404. */
const route: RouteModule = (app, ctx) => {
  app.get('/ledger/accounts/:accountId', {
    config: { access: 'ledger.read' },
    schema: {
      tags: ['Admin'], summary: 'Get a ledger account', security: adminSecurity,
      params: admin.LedgerAccountParams, response: { 200: admin.LedgerAccountResponse, ...errorResponses },
    },
  }, async (request) => {
    const { accountId } = request.params;
    const account = await findAccount(ctx.store, ledgerViewer(request), accountId);
    if (!account) throw new ApiError('LEDGER_ACCOUNT_NOT_FOUND', { accountId });
    return ok(request, account);
  });
};
export default route;
