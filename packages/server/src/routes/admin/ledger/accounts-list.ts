import { admin } from '@cardepass/contract';
import { ok } from '../../../plugins/envelope.ts';
import { listAccounts } from '../../../services/ledger/explorer.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { scopedCustomerId } from '../access.ts';
import { ledgerViewer } from './viewer.ts';

/** GET /admin/v1/ledger/accounts — ledger accounts with ledger balance, held and available amounts. */
const route: RouteModule = (app, ctx) => {
  app.get('/ledger/accounts', {
    config: { access: 'ledger.read' },
    schema: {
      tags: ['Admin'], summary: 'List ledger accounts', security: adminSecurity,
      querystring: admin.LedgerAccountsQuery, response: { 200: admin.LedgerAccountListResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const window = pageWindow(q.PageNumber, q.PageSize);
    const customerId = scopedCustomerId(request, q.customerId);
    const { total, rows } = await listAccounts(ctx.store, ledgerViewer(request), { customerId, currency: q.currency, type: q.type, cardId: q.cardId }, window.limit, window.offset);
    return ok(request, page(window, total, rows));
  });
};
export default route;
