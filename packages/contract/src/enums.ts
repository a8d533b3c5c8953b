import { Type, type Static } from '@sinclair/typebox';

/** Spellings exactly as the published documents write them: existing clients compare these strings. */
export const CARD_MODELS = ['Standard', 'ShareBalance'] as const;
export const CARD_STATUSES = ['Active', 'Blocked', 'Cancel', 'Expired'] as const;
export const ORDER_STATUSES = ['Processing', 'Completed', 'Failure'] as const;
export const STANDARD_ORDER_TYPES = [
  'ApplyCard', 'CardTopUp', 'CardWithdraw', 'CardBlock', 'CardUnblock', 'CardCancel',
] as const;
export const ORDER_TYPES = [...STANDARD_ORDER_TYPES, 'CreditLimit'] as const;
/** In the order the documents list them for GET /v1/orders/sharebalance. */
export const SHARE_BALANCE_ORDER_TYPES = ['ApplyCard', 'CreditLimit', 'CardCancel', 'CardBlock', 'CardUnblock'] as const;
export const CHARGE_METHOD_TYPES = ['Fixed', 'Percent'] as const;
/** Fee schedule entries of a product; feeCode as shown in `orderLines[].feeItems`. */
export const FEE_CODES = ['CARD_ISSUE', 'CARD_TOPUP', 'CARD_WITHDRAW', 'CARD_CANCEL', 'SHARE_BALANCE_OPEN'] as const;
export const CARD_ORGANIZATIONS = ['Mastercard', 'VISA'] as const;

export type CardModel = (typeof CARD_MODELS)[number];
export type CardStatus = (typeof CARD_STATUSES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderType = (typeof ORDER_TYPES)[number];
export type StandardOrderType = (typeof STANDARD_ORDER_TYPES)[number];
export type ShareBalanceOrderType = (typeof SHARE_BALANCE_ORDER_TYPES)[number];
export type ChargeMethodType = (typeof CHARGE_METHOD_TYPES)[number];
export type FeeCode = (typeof FEE_CODES)[number];
export type CardOrganization = (typeof CARD_ORGANIZATIONS)[number];

/** A string enum whose static type is the union of its values. */
export const literalUnion = <T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

export const CardModelSchema = literalUnion(CARD_MODELS, 'Standard = own balance, ShareBalance = draws on the funding account');
export const CardStatusSchema = literalUnion(CARD_STATUSES, 'Card status');
export const OrderStatusSchema = literalUnion(ORDER_STATUSES, 'Processing, then Completed or Failure');
export const OrderTypeSchema = literalUnion(ORDER_TYPES, 'Order type');
export const StandardOrderTypeSchema = literalUnion(STANDARD_ORDER_TYPES, 'Standard-mode order type');
export const ShareBalanceOrderTypeSchema = literalUnion(SHARE_BALANCE_ORDER_TYPES, 'ShareBalance-mode order type');
export const ChargeMethodTypeSchema = literalUnion(CHARGE_METHOD_TYPES, 'Fixed amount or a percentage of the amount');
export const FeeCodeSchema = literalUnion(FEE_CODES, 'Fee code');
export const CardOrganizationSchema = literalUnion(CARD_ORGANIZATIONS, 'Card network');

export type CardModelT = Static<typeof CardModelSchema>;

/** ISO 4217 currencies the platform settles in, with their minor-unit exponents. */
export const CURRENCIES = {
  USD: 2, EUR: 2, GBP: 2, HKD: 2, SGD: 2, CNY: 2, AUD: 2, CAD: 2, JPY: 0,
} as const satisfies Record<string, number>;
export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as Currency[];

export function isCurrency(code: unknown): code is Currency {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CURRENCIES, code);
}
