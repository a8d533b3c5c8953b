import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { parseDateRange } from '../../../lib/date-range.ts';
import { ok } from '../../../plugins/envelope.ts';
import { findAccount, listEntries } from '../../../services/ledger/explorer.ts';
import { adminSecurity, errorResponses, page, pageWindow, type RouteModule } from '../../route-kit.ts';
import { scopedCustomerId } from '../access.ts';
import { ledgerViewer } from './viewer.ts';

/** GET /admin/v1/ledger/entries — journal entries, newest first, each with its postings. */
const route: RouteModule = (app, ctx) => {
  app.get('/ledger/entries', {
    config: { access: 'ledger.read' },
    schema: {
      tags: ['Admin'], summary: 'List journal entries with their postings', security: adminSecurity,
      querystring: admin.LedgerEntriesQuery, response: { 200: admin.LedgerEntryListResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const viewer = ledgerViewer(request);
    const customerId = scopedCustomerId(request, q.customerId);
    const range = parseDateRange(q.from, q.to, { from: 'from', to: 'to' });
    // An account the caller may not see is answered as one that does not exist.
    if (q.accountId && !(await findAccount(ctx.store, viewer, q.accountId))) throw new ApiError('LEDGER_ACCOUNT_NOT_FOUND', { accountId: q.accountId });
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await listEntries(ctx.store, viewer, { customerId, accountId: q.accountId, type: q.type, range }, window.limit, window.offset);
    return ok(request, page(window, total, rows));
  });
};
export default route;
