import type { FastifyRequest } from 'fastify';
import { admin, type ApplyShareBalanceCardRequest, type ApplyStandardCardRequest, type CardModel } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { scopedCustomerId } from '../access.ts';
import { answerOrder } from './card-action-route.ts';
import { onBehalfOf, requireActiveCustomer } from './on-behalf.ts';

const OTHER_MODE_FIELDS = {
  Standard: ['maxAuthAmount', 'maxCreditAmount'],
  ShareBalance: ['topUpAmount'],
} as const satisfies Record<CardModel, ReadonlyArray<keyof admin.CardOrdersApplyRequest>>;

/**
 * POST /admin/v1/cards — apply for a card on a customer's behalf: the /v1 apply of the chosen mode,
 * same checks, fees and idempotency. Operators name the customer; a customer user applies for its own.
 */
const route: RouteModule = (app, ctx) => {
  app.post('/cards', {
    config: { access: 'cards.fund' },
    schema: {
      tags: ['Admin'], summary: 'Apply for a card', security: adminSecurity,
      description: 'Standard: as POST /v1/orders/standard/apply (topUpAmount). ShareBalance: as POST /v1/orders/sharebalance/apply '
        + '(maxAuthAmount, maxCreditAmount). Audited (card.apply).',
      body: admin.CardOrdersApplyRequest, response: { 200: admin.CardOrdersApplyResponse, ...errorResponses },
    },
  }, async (request: FastifyRequest<{ Body: admin.CardOrdersApplyRequest }>, reply) => {
    const { customerId: requested, cardModel, ...body } = request.body;
    const customerId = scopedCustomerId(request, requested);
    if (!customerId) {
      throw new ApiError('VALIDATION_FAILED', { field: 'customerId', reason: { en: 'is required for operators', zh: '运营人员必须填写' } });
    }
    // A field of the other mode would be ignored by the mode's own apply: refuse it rather than drop it silently.
    const foreign = OTHER_MODE_FIELDS[cardModel].find((field) => body[field] !== undefined);
    if (foreign) throw new ApiError('VALIDATION_FAILED', { field: foreign, reason: { en: `is not a field of ${cardModel} cards`, zh: `不是 ${cardModel} 卡的字段` } });
    await requireActiveCustomer(ctx, customerId);
    const who = onBehalfOf(request, customerId);
    // A missing amount of the mode is refused by its apply with a 400 naming the field, as on /v1.
    const submitted = cardModel === 'ShareBalance'
      ? await ctx.shareBalanceOrders.apply(who, body as ApplyShareBalanceCardRequest)
      : await ctx.standardOrders.apply(who, body as ApplyStandardCardRequest);
    return answerOrder(request, reply, submitted);
  });
};
export default route;
