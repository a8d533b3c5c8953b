import { AccountsResponse, CURRENCIES, minorToJsonNumber } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import { bearerSecurity, errorResponses, type RouteModule } from '../../../route-kit.ts';

/** GET /v1/accounts — the customer's funding accounts; amount is what is available now. */
const route: RouteModule = (app, ctx) => {
  app.get('/v1/accounts', {
    schema: { tags: ['Accounts'], summary: 'Funding account balances', security: bearerSecurity, response: { 200: AccountsResponse, ...errorResponses } },
  }, async (request) => {
    const rows = await ctx.accounts.fundingBalances(request.principal.customerId);
    return ok(request, rows.map((r) => {
      const exponent = CURRENCIES[r.currency];
      const balance = BigInt(r.balance_minor);
      const held = BigInt(r.held_minor);
      return {
        currency: r.currency,
        amount: minorToJsonNumber(balance - held, exponent),
        ledgerAmount: minorToJsonNumber(balance, exponent),
        heldAmount: minorToJsonNumber(held, exponent),
      };
    }));
  });
};
export default route;
