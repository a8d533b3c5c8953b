import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, AmountInput, AmountOutput, CustomerOrderNoInput, IdInput } from '../envelope.ts';
import { ShareBalanceOrderTypeSchema } from '../enums.ts';
import { CardInfo } from './cards.ts';
import { BlockOrder, CancelOrder, CardOrderRequest, OrderCommonFields as common, ProductInfo, UnblockOrder } from './orders-standard.ts';

// ---- requests -------------------------------------------------------------

/** The documents: "为空表示不限额度" — absent, null or "" all mean no total limit. */
const MaxCreditAmountInput = Type.Optional(Type.Union([
  AmountInput('Total credit limit of the card; absent, null or "" = unlimited'),
  Type.Null(),
]));

export const ApplyShareBalanceCardRequest = Type.Object({
  productCode: Type.String({ minLength: 1, maxLength: 32 }),
  cardCurrency: Type.String({ minLength: 3, maxLength: 3 }),
  maxAuthAmount: AmountInput('Largest single authorization'),
  maxCreditAmount: MaxCreditAmountInput,
  cardAlias: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  customerOrderNo: CustomerOrderNoInput,
});
export type ApplyShareBalanceCardRequest = Static<typeof ApplyShareBalanceCardRequest>;

export const CreditLimitRequest = Type.Object({
  cardId: IdInput('Card id'),
  customerOrderNo: CustomerOrderNoInput,
  maxAuthAmount: AmountInput('New largest single authorization'),
  maxCreditAmount: MaxCreditAmountInput,
});
export type CreditLimitRequest = Static<typeof CreditLimitRequest>;

/** Block, unblock and cancel of a ShareBalance card take what the Standard ones take. */
export const ShareBalanceCardOrderRequest = CardOrderRequest;
export type ShareBalanceCardOrderRequest = Static<typeof ShareBalanceCardOrderRequest>;

export const ShareBalanceOrdersQuery = Type.Object({
  OrderType: Type.Optional(ShareBalanceOrderTypeSchema),
  OrderNo: Type.Optional(Type.String({ maxLength: 64 })),
  CustomerOrderNo: Type.Optional(Type.String({ maxLength: 64 })),
  ...PageQuery,
});
export type ShareBalanceOrdersQuery = Static<typeof ShareBalanceOrdersQuery>;

// ---- responses ------------------------------------------------------------

const MaxAuthAmountOutput = AmountOutput('Largest single authorization');
const MaxCreditAmountOutput = Type.Union([Type.Number(), Type.Null()], { description: 'Total credit limit; null means unlimited' });

export const ShareBalanceApplyCardOrder = Type.Object({
  orderNo: common.orderNo,
  productInfo: ProductInfo,
  quantity: Type.Integer({ description: 'Cards applied for: 1' }),
  maxAuthAmount: MaxAuthAmountOutput,
  maxCreditAmount: MaxCreditAmountOutput,
  totalAmount: AmountOutput('Paid from the funding account: transAmount + transFee'),
  transAmount: AmountOutput('Loaded onto the card: always 0, a ShareBalance card spends from the funding account'),
  transFee: AmountOutput('The product\'s SHARE_BALANCE_OPEN fee'),
  openedQty: Type.Integer({ description: 'Cards opened: 1 once Completed' }),
  cardInfos: Type.Array(CardInfo),
  note: Type.String({ description: 'Why the order failed; empty otherwise' }),
  status: common.status,
  orderType: common.orderType,
  failureReason: common.failureReason,
  createdOn: common.createdOn,
  modifiedOn: common.modifiedOn,
  completedOn: common.completedOn,
  customerOrderNo: common.customerOrderNo,
});

export const CreditLimitOrder = Type.Object({
  orderNo: common.orderNo,
  cardId: Type.String(),
  maxAuthAmount: MaxAuthAmountOutput,
  maxCreditAmount: MaxCreditAmountOutput,
  status: common.status,
  orderType: common.orderType,
  failureReason: common.failureReason,
  createdOn: common.createdOn,
  modifiedOn: common.modifiedOn,
  completedOn: common.completedOn,
  customerOrderNo: common.customerOrderNo,
});

export const ShareBalanceBlockOrder = BlockOrder;
export const ShareBalanceUnblockOrder = UnblockOrder;
/** A ShareBalance card has no balance to settle: the Standard cancel without settleAmount. */
export const ShareBalanceCancelOrder = Type.Omit(CancelOrder, ['settleAmount']);

export type ShareBalanceApplyCardOrder = Static<typeof ShareBalanceApplyCardOrder>;
export type CreditLimitOrder = Static<typeof CreditLimitOrder>;
export type ShareBalanceBlockOrder = Static<typeof ShareBalanceBlockOrder>;
export type ShareBalanceUnblockOrder = Static<typeof ShareBalanceUnblockOrder>;
export type ShareBalanceCancelOrder = Static<typeof ShareBalanceCancelOrder>;

/** Any ShareBalance-mode order as the query endpoint returns it: the fields of its type's POST response. */
export const ShareBalanceOrder = Type.Partial(
  Type.Composite([ShareBalanceApplyCardOrder, CreditLimitOrder, ShareBalanceBlockOrder, ShareBalanceCancelOrder]),
  { description: 'The same fields as the POST response of the order type' },
);
export type ShareBalanceOrder = Static<typeof ShareBalanceOrder>;

export const ShareBalanceApplyCardResponse = Envelope(ShareBalanceApplyCardOrder);
export const CreditLimitResponse = Envelope(CreditLimitOrder);
export const ShareBalanceBlockResponse = Envelope(ShareBalanceBlockOrder);
export const ShareBalanceUnblockResponse = Envelope(ShareBalanceUnblockOrder);
export const ShareBalanceCancelResponse = Envelope(ShareBalanceCancelOrder);
/** With OrderNo or CustomerOrderNo: that order; without: a page filtered by OrderType. Page first so the serializer picks it when it fits. */
export const ShareBalanceOrdersResponse = Envelope(Type.Union([Page(ShareBalanceOrder), ShareBalanceOrder]));
