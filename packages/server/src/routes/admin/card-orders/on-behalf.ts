import type { FastifyRequest } from 'fastify';
import type { CardModel } from '@cardepass/contract';
import type { AppContext } from '../../../context.ts';
import { ApiError } from '../../../lib/api-error.ts';
import type { Principal } from '../../../services/orders/standard.ts';
import { auditOrigin, canSeeCustomer } from '../access.ts';

/** A card the caller may act on: whose it is and its mode (which service takes its orders). */
export interface VisibleCard { cardId: string; customerId: string; cardModel: CardModel }

/**
 * The card, if the caller may see it: operators any card, a customer user only
 * its own customer's. Another customer's card is answered exactly like a card
 * that does not exist, so its id is not confirmed.
 */
export async function visibleCard(ctx: AppContext, request: FastifyRequest, cardId: string): Promise<VisibleCard> {
  const row = await ctx.store.db.selectFrom('cards').select(['customer_id', 'card_model']).where('id', '=', cardId).executeTakeFirst();
  if (!row || !canSeeCustomer(request, row.customer_id)) throw new ApiError('CARD_NOT_FOUND', { cardId });
  return { cardId, customerId: row.customer_id, cardModel: row.card_model };
}

/**
 * Money moves only for an active customer, as on /v1 (a disabled customer's tokens get 403):
 * the console must not be a way around disabling. Blocking a disabled customer's card stays possible.
 */
export async function requireActiveCustomer(ctx: AppContext, customerId: string): Promise<void> {
  const row = await ctx.store.db.selectFrom('customers').select('status').where('id', '=', customerId).executeTakeFirst();
  if (!row) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
  if (row.status !== 'Active') throw new ApiError('CUSTOMER_DISABLED');
}

/**
 * The principal of an order placed by this request on the customer's behalf: the order services
 * treat it as the customer's own order, record the caller in orders.requested_by and audit it in
 * the accepting statement. There is no API client: clientId names the operator API (unused by orders).
 */
export function onBehalfOf(request: FastifyRequest, customerId: string): Principal {
  return { customerId, clientId: 'operator-api', onBehalf: auditOrigin(request) };
}
