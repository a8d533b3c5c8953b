import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { admin } from '@cardepass/contract';
import type { AppContext } from '../../../context.ts';
import { ok } from '../../../plugins/envelope.ts';
import { renderOrder } from '../../../services/orders/render.ts';
import type { Submitted } from '../../../services/orders/pipeline.ts';
import type { Principal } from '../../../services/orders/standard.ts';
import { adminSecurity, errorResponses, type TypedApp } from '../../route-kit.ts';
import { onBehalfOf, requireActiveCustomer, visibleCard, type VisibleCard } from './on-behalf.ts';

export interface CardActionEndpoint<B extends TSchema> {
  /** Under /admin/v1, e.g. '/cards/:cardId/topup'. */
  path: string;
  /** cards.fund moves money (top up, withdraw, cancel); cards.manage does not (block, unblock, limits). */
  access: 'cards.fund' | 'cards.manage';
  summary: string;
  description: string;
  body: B;
  response: TSchema;
  submit: (who: Principal, card: VisibleCard, body: Static<B>) => Promise<Submitted>;
}

/** Answers an order as the /v1 order routes do; a replay of the same customerOrderNo says so in a header. */
export function answerOrder(request: FastifyRequest, reply: FastifyReply, { order, replayed }: Submitted) {
  if (replayed) reply.header('idempotent-replayed', 'true');
  return ok(request, renderOrder(order, request.language));
}

/**
 * Registers an order on one card, placed on its customer's behalf through the
 * same order services as /v1 (same checks, fees, holds, idempotency); the
 * order records who placed it and its audit row is written by the statement
 * that accepts it.
 */
export function registerCardAction<B extends TSchema>(app: TypedApp, ctx: AppContext, endpoint: CardActionEndpoint<B>): void {
  app.post(endpoint.path, {
    config: { access: endpoint.access },
    schema: {
      tags: ['Admin'], summary: endpoint.summary, description: endpoint.description, security: adminSecurity,
      params: admin.CardOrdersCardParams, body: endpoint.body, response: { 200: endpoint.response, ...errorResponses },
    },
  }, async (request: FastifyRequest<{ Params: { cardId: string }; Body: Static<B> }>, reply) => {
    const card = await visibleCard(ctx, request, request.params.cardId);
    if (endpoint.access === 'cards.fund') await requireActiveCustomer(ctx, card.customerId);
    return answerOrder(request, reply, await endpoint.submit(onBehalfOf(request, card.customerId), card, request.body));
  });
}
