import type { AppContext } from '../../context.ts';
import { bearerAuth } from '../../plugins/bearer-auth.ts';
import type { RouteModule, TypedApp } from '../route-kit.ts';
import connectToken from './connect-token.ts';
import ping from './v1/ping.ts';
import products from './v1/products.ts';
import cardsGet from './v1/cards-get.ts';
import accountsList from './v1/accounts/accounts-list.ts';
import cardAccountLogs from './v1/accounts/card-account-logs.ts';
import accountLogs from './v1/accounts/account-logs.ts';
import standardApply from './v1/orders/standard-apply.ts';
import standardTopUp from './v1/orders/standard-topup.ts';
import standardWithdraw from './v1/orders/standard-withdraw.ts';
import standardBlock from './v1/orders/standard-block.ts';
import standardUnblock from './v1/orders/standard-unblock.ts';
import standardCancel from './v1/orders/standard-cancel.ts';
import standardQuery from './v1/orders/standard-query.ts';
import shareBalanceApply from './v1/orders/sharebalance-apply.ts';
import shareBalanceCreditLimit from './v1/orders/sharebalance-creditlimit.ts';
import shareBalanceBlock from './v1/orders/sharebalance-block.ts';
import shareBalanceUnblock from './v1/orders/sharebalance-unblock.ts';
import shareBalanceCancel from './v1/orders/sharebalance-cancel.ts';
import shareBalanceQuery from './v1/orders/sharebalance-query.ts';
import transactionsList from './v1/transactions-list.ts';
import { WEBHOOK_ROUTES } from './v1/webhooks/index.ts';
import { EVENT_ROUTES } from './v1/events/index.ts';
import simulateAuthorize from './v1/simulate/simulate-authorize.ts';
import simulateClear from './v1/simulate/simulate-clear.ts';
import simulateReverse from './v1/simulate/simulate-reverse.ts';
import simulateRefund from './v1/simulate/simulate-refund.ts';
import simulateExpire from './v1/simulate/simulate-expire.ts';
import { registerDocument } from './reference/document.ts';
import swaggerJson from './reference/swagger-json.ts';
import docsPage from './reference/docs-page.ts';
import docsAssets from './reference/docs-assets.ts';

/** Every /v1 endpoint; each needs a bearer token. */
const V1_ROUTES: RouteModule[] = [
  ping, products, cardsGet, accountsList, cardAccountLogs, accountLogs,
  standardApply, standardTopUp, standardWithdraw, standardBlock, standardUnblock, standardCancel, standardQuery,
  shareBalanceApply, shareBalanceCreditLimit, shareBalanceBlock, shareBalanceUnblock, shareBalanceCancel, shareBalanceQuery,
  transactionsList, ...WEBHOOK_ROUTES, ...EVENT_ROUTES,
];

/** The card network, simulated: only in the sandbox (in production these paths do not exist, 404). */
const SANDBOX_ROUTES: RouteModule[] = [simulateAuthorize, simulateClear, simulateReverse, simulateRefund, simulateExpire];

/** The integrators' API under the base path (default /openapi): the token endpoint, and /v1 behind bearer auth. */
export async function openapiRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  // First: the OpenAPI document is built from the routes registered after this, on this scope and below.
  await registerDocument(app, ctx.config.basePath);
  connectToken(app, ctx);
  // The API reference needs no token: the document and its page (see README).
  for (const register of [swaggerJson, docsPage, docsAssets]) register(app, ctx);
  await app.register(async (v1: TypedApp) => {
    // /v1 bodies are JSON only (the documents' Content-Type). Fastify's built-in text/plain parser and
    // the token endpoint's form parser would otherwise accept other bodies here instead of a 415.
    v1.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
    // onRequest, not preHandler: without a valid token nothing is read, parsed or validated (and the
    // rate limit counts every request), so an anonymous caller gets 401, never a body or schema error.
    v1.addHook('onRequest', bearerAuth(ctx));
    for (const register of V1_ROUTES) register(v1, ctx);
    if (ctx.config.environment === 'sandbox') for (const register of SANDBOX_ROUTES) register(v1, ctx);
  });
}
