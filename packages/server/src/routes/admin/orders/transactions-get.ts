import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { canSeeCustomer } from '../access.ts';
import { findAdminTransaction, listAdminTransactions, renderAdminTransaction } from './transaction-reads.ts';

// An authorization gathers at most one clearing but any number of partial reversals and refunds: bounded.
const LIFE_LIMIT = 200;

/** GET /admin/v1/transactions/{transactionId} — the transaction and its authorization's life: hold, clearing, reversals, refunds. */
const route: RouteModule = (app, ctx) => {
  app.get('/transactions/:transactionId', {
    config: { access: 'cards.read' },
    schema: {
      tags: ['Admin'], summary: 'A card transaction with its authorization\'s life', security: adminSecurity,
      params: admin.AdminTransactionsParams, response: { 200: admin.AdminTransactionsDetailResponse, ...errorResponses },
    },
  }, async (request) => {
    const { transactionId } = request.params;
    const transaction = await findAdminTransaction(ctx.store, transactionId);
    if (!transaction || !canSeeCustomer(request, transaction.customerId)) throw new ApiError('TRANSACTION_NOT_FOUND', { transactionId });
    const authorizationId = transaction.type === 'Authorization' ? transaction.id : transaction.authorizationId;
    const life = authorizationId === null ? [transaction] : (await listAdminTransactions(ctx.store, {
      customerId: transaction.customerId, authorizationId, range: { from: null, toExclusive: null }, limit: LIFE_LIMIT, offset: 0,
    })).rows.reverse();
    const authorization = life.find((t) => t.id === authorizationId) ?? null;
    const render = (t: typeof transaction) => renderAdminTransaction(t, request.language);
    return ok(request, { transaction: render(transaction), authorization: authorization && render(authorization), life: life.map(render) });
  });
};
export default route;
