import { Type, type Static, type TProperties } from '@sinclair/typebox';
import {
  Envelope, Page, PageQuery, AmountInput, AmountOutput, DateTimeOutput, NullableDateTime, CustomerOrderNoInput, IdInput,
} from '../envelope.ts';
import { CardModelSchema, OrderStatusSchema, OrderTypeSchema, StandardOrderTypeSchema, ChargeMethodTypeSchema } from '../enums.ts';
import { CardInfo } from './cards.ts';

// ---- requests -------------------------------------------------------------

export const ApplyStandardCardRequest = Type.Object({
  productCode: Type.String({ minLength: 1, maxLength: 32 }),
  cardCurrency: Type.String({ minLength: 3, maxLength: 3 }),
  topUpAmount: AmountInput('First top-up of the card'),
  cardAlias: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  customerOrderNo: CustomerOrderNoInput,
});
export type ApplyStandardCardRequest = Static<typeof ApplyStandardCardRequest>;

export const TopUpRequest = Type.Object({
  cardId: IdInput('Card id'),
  topUpAmount: AmountInput('Top-up amount, at least 1'),
  customerOrderNo: CustomerOrderNoInput,
});
export type TopUpRequest = Static<typeof TopUpRequest>;

export const CardOrderRequest = Type.Object({ cardId: IdInput('Card id'), customerOrderNo: CustomerOrderNoInput });
export type CardOrderRequest = Static<typeof CardOrderRequest>;

export const WithdrawRequest = Type.Object({
  cardId: IdInput('Card id'),
  withdrawAmount: Type.Optional(Type.Union([AmountInput('Amount to move back to the funding account; absent = all that the balance allows after the fee'), Type.Null()])),
  customerOrderNo: CustomerOrderNoInput,
});
export type WithdrawRequest = Static<typeof WithdrawRequest>;

export const StandardOrdersQuery = Type.Object({
  OrderType: Type.Optional(StandardOrderTypeSchema),
  OrderNo: Type.Optional(Type.String({ maxLength: 64 })),
  CustomerOrderNo: Type.Optional(Type.String({ maxLength: 64 })),
  ...PageQuery,
});
export type StandardOrdersQuery = Static<typeof StandardOrdersQuery>;

// ---- responses ------------------------------------------------------------

export const ProductInfo = Type.Object({
  productCode: Type.String(),
  productName: Type.String(),
  cardModel: CardModelSchema,
  cardCurrency: Type.String(),
});
export const FeeItem = Type.Object({ feeCode: Type.String(), feeName: Type.String(), feeAmount: AmountOutput('Fee') });
export type FeeItem = Static<typeof FeeItem>;
export const OrderLine = Type.Object({
  orderLineNo: Type.Integer(),
  topUpAmount: AmountOutput('Top-up of this line'),
  quantity: Type.Integer(),
  feeItems: Type.Array(FeeItem),
});
export type OrderLine = Static<typeof OrderLine>;

const common = {
  orderNo: Type.String(),
  status: OrderStatusSchema,
  orderType: OrderTypeSchema,
  failureReason: Type.Union([Type.String(), Type.Null()], { description: 'Why the order failed; empty otherwise' }),
  createdOn: DateTimeOutput('Created'),
  modifiedOn: DateTimeOutput('Last changed'),
  completedOn: NullableDateTime('Finished (Completed or Failure)'),
  customerOrderNo: Type.Union([Type.String(), Type.Null()]),
} satisfies TProperties;
/** The lifecycle fields of every order response, for the other modes' schemas. */
export const OrderCommonFields = common;

export const ApplyCardOrder = Type.Object({
  orderNo: common.orderNo,
  productInfo: ProductInfo,
  totalTopUpAmount: AmountOutput('Total first top-up'),
  totalFee: AmountOutput('Total fees'),
  totalPayAmount: AmountOutput('Paid from the funding account: top-up + fees'),
  totalCardCount: Type.Integer(),
  totalOpened: Type.Integer(),
  orderLines: Type.Array(OrderLine),
  cardInfos: Type.Array(CardInfo),
  status: common.status,
  payMessage: Type.Union([Type.String(), Type.Null()]),
  orderType: common.orderType,
  failureReason: common.failureReason,
  createdOn: common.createdOn,
  modifiedOn: common.modifiedOn,
  paidOn: NullableDateTime('Funds taken'),
  completedOn: common.completedOn,
  customerOrderNo: common.customerOrderNo,
});

export const TopUpOrder = Type.Object({
  orderNo: common.orderNo,
  cardId: Type.String(),
  productInfo: ProductInfo,
  totalTopUpAmount: AmountOutput('Top-up'),
  totalFee: AmountOutput('Fees'),
  totalPayAmount: AmountOutput('Paid from the funding account: top-up + fees'),
  totalCardCount: Type.Integer(),
  totalCompletedCardCount: Type.Integer(),
  orderLines: Type.Array(OrderLine),
  status: common.status,
  payMessage: Type.Union([Type.String(), Type.Null()]),
  orderType: common.orderType,
  failureReason: common.failureReason,
  createdOn: common.createdOn,
  modifiedOn: common.modifiedOn,
  paidOn: NullableDateTime('Funds taken'),
  completedOn: common.completedOn,
  customerOrderNo: common.customerOrderNo,
});

const statusOrderFields = {
  orderNo: common.orderNo,
  cardInfo: CardInfo,
  note: Type.String(),
  status: common.status,
  failureReason: common.failureReason,
  orderType: common.orderType,
  createdOn: common.createdOn,
  modifiedOn: common.modifiedOn,
  completedOn: common.completedOn,
  customerOrderNo: common.customerOrderNo,
} satisfies TProperties;

export const BlockOrder = Type.Object({ ...statusOrderFields, isBlocked: Type.Boolean({ description: 'Blocked at the issuer channel' }) });
export const UnblockOrder = Type.Object(statusOrderFields);

export const CancelOrder = Type.Object({
  ...statusOrderFields,
  fee: AmountOutput('Cancel fee'),
  chargeMethodType: Type.Union([ChargeMethodTypeSchema, Type.Null()]),
  fixedValue: AmountOutput('Fixed part of the fee schedule'),
  percent: Type.Number({ description: 'Percent of the fee schedule, as a fraction (0.01 = 1 %)' }),
  settleAmount: AmountOutput('Returned to the funding account: remaining balance − fee'),
  settleStatus: Type.String({ description: 'Pending, Settled or Released' }),
});

export const WithdrawOrder = Type.Object({
  orderNo: common.orderNo,
  cardId: Type.String(),
  withdrawAmount: AmountOutput('Moved to the funding account'),
  withdrawFee: AmountOutput('Fee'),
  totalAmount: AmountOutput('Taken from the card: withdrawAmount + fee'),
  status: common.status,
  failureReason: common.failureReason,
  orderType: common.orderType,
  createdOn: common.createdOn,
  modifiedOn: common.modifiedOn,
  completedOn: common.completedOn,
  customerOrderNo: common.customerOrderNo,
});

export type ApplyCardOrder = Static<typeof ApplyCardOrder>;
export type TopUpOrder = Static<typeof TopUpOrder>;
export type BlockOrder = Static<typeof BlockOrder>;
export type UnblockOrder = Static<typeof UnblockOrder>;
export type CancelOrder = Static<typeof CancelOrder>;
export type WithdrawOrder = Static<typeof WithdrawOrder>;

/** Any Standard-mode order as the query endpoint returns it: the fields of its type's POST response. */
export const StandardOrder = Type.Partial(
  Type.Composite([ApplyCardOrder, TopUpOrder, BlockOrder, CancelOrder, WithdrawOrder]),
  { description: 'The same fields as the POST response of the order type' },
);
export type StandardOrder = Static<typeof StandardOrder>;

export const ApplyCardResponse = Envelope(ApplyCardOrder);
export const TopUpResponse = Envelope(TopUpOrder);
export const BlockResponse = Envelope(BlockOrder);
export const UnblockResponse = Envelope(UnblockOrder);
export const CancelResponse = Envelope(CancelOrder);
export const WithdrawResponse = Envelope(WithdrawOrder);
/** With OrderNo or CustomerOrderNo: that order; without: a page filtered by OrderType. Page first so the serializer picks it when it fits. */
export const StandardOrdersResponse = Envelope(Type.Union([Page(StandardOrder), StandardOrder]));
