import { Type, type Static } from '@sinclair/typebox';
import { Envelope, IdInput } from '../envelope.ts';
import { CardModelSchema } from '../enums.ts';
import {
  ApplyStandardCardRequest, TopUpRequest, WithdrawRequest, CardOrderRequest,
  ApplyCardOrder, TopUpOrder, WithdrawOrder, BlockOrder, UnblockOrder, CancelOrder,
} from './orders-standard.ts';
import { ApplyShareBalanceCardRequest, CreditLimitRequest, ShareBalanceApplyCardOrder, CreditLimitOrder, ShareBalanceCancelOrder } from './orders-sharebalance.ts';

/**
 * Card actions and card orders under /admin/v1 (console and operators): the
 * same orders as the integrator API, placed on the card's customer's behalf.
 * Bodies are the /v1 bodies without the card id (it is in the path) and
 * reject unknown fields; `customerOrderNo` makes a double submit a replay.
 */
const strict = { additionalProperties: false } as const;
const withoutCardId = <T extends typeof TopUpRequest | typeof WithdrawRequest | typeof CardOrderRequest | typeof CreditLimitRequest>(body: T) =>
  Type.Composite([Type.Omit(body, ['cardId'])], strict);

export const CardOrdersCardParams = Type.Object({ cardId: IdInput('Card id') });

export const CardOrdersRevealRequest = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why the full number is needed; kept in the audit log' }),
}, strict);
export const CardOrdersReveal = Type.Object({
  cardId: Type.String(),
  cardNumber: Type.String({ description: 'Full card number (PAN)' }),
  cvv: Type.String(),
  expirationMMYY: Type.String({ description: 'Expiry as GET /v1/cards/{cardId} renders it' }),
});
export type CardOrdersReveal = Static<typeof CardOrdersReveal>;
export const CardOrdersRevealResponse = Envelope(CardOrdersReveal);

/** Apply: the /v1 apply body of the chosen cardModel (topUpAmount for Standard; maxAuthAmount, maxCreditAmount for ShareBalance). */
export const CardOrdersApplyRequest = Type.Composite([
  Type.Object({
    customerId: Type.Optional(IdInput('The customer the card is for (operators; a customer user always applies for its own)')),
    cardModel: CardModelSchema,
  }),
  Type.Omit(ApplyStandardCardRequest, ['topUpAmount']),
  Type.Partial(Type.Pick(ApplyStandardCardRequest, ['topUpAmount'])),
  Type.Partial(Type.Pick(ApplyShareBalanceCardRequest, ['maxAuthAmount', 'maxCreditAmount'])),
], strict);
export type CardOrdersApplyRequest = Static<typeof CardOrdersApplyRequest>;

export const CardOrdersTopUpRequest = withoutCardId(TopUpRequest);
export const CardOrdersWithdrawRequest = withoutCardId(WithdrawRequest);
export const CardOrdersActionRequest = withoutCardId(CardOrderRequest);
export const CardOrdersLimitsRequest = withoutCardId(CreditLimitRequest);

// Standard first: a ShareBalance order lacks fields the Standard one requires, so the serializer picks its own.
export const CardOrdersApplyResponse = Envelope(Type.Union([ApplyCardOrder, ShareBalanceApplyCardOrder]));
export const CardOrdersTopUpResponse = Envelope(TopUpOrder);
export const CardOrdersWithdrawResponse = Envelope(WithdrawOrder);
export const CardOrdersCancelResponse = Envelope(Type.Union([CancelOrder, ShareBalanceCancelOrder]));
export const CardOrdersBlockResponse = Envelope(BlockOrder);
export const CardOrdersUnblockResponse = Envelope(UnblockOrder);
export const CardOrdersLimitsResponse = Envelope(CreditLimitOrder);
