import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { findEntry } from '../../../services/ledger/explorer.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { ledgerViewer } from './viewer.ts';

/** GET /admin/v1/ledger/entries/{entryId} — one journal entry with its postings. */
const route: RouteModule = (app, ctx) => {
  app.get('/ledger/entries/:entryId', {
    config: { access: 'ledger.read' },
    schema: {
      tags: ['Admin'], summary: 'Get a journal entry', security: adminSecurity,
      params: admin.LedgerEntryParams, response: { 200: admin.LedgerEntryResponse, ...errorResponses },
    },
  }, async (request) => {
    const { entryId } = request.params;
    const entry = await findEntry(ctx.store, ledgerViewer(request), entryId);
    if (!entry) throw new ApiError('LEDGER_ENTRY_NOT_FOUND', { entryId });
    return ok(request, entry);
  });
};
export default route;
