// @cardepass/sdk: a typed client for the Cardepass card-system OpenAPI v1, for
// Node ≥ 20 and browsers (fetch only, no Node built-ins).
export { Cardepass, BASE_URLS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type CardepassOptions } from './client.ts';
export { ApiPromise, PageList, MAX_PAGE_SIZE, MAX_PAGES, type Page } from './results.ts';
export type { ApiResponse, FetchLike, RequestOptions } from './http.ts';
export type { Amount, DateInput, FriendlyQuery, OrderRef } from './request-params.ts';
export {
  CardepassError, ApiError, InvalidRequestError, AuthenticationError, PermissionError, NotFoundError, ConflictError,
  RateLimitError, ServerError, ConnectionError, TimeoutError, type ErrorBody,
} from './errors.ts';
export type { WaitForOptions } from './resources/orders.ts';
export type { StandardOrderListQuery } from './resources/orders-standard.ts';
export type { ShareBalanceOrderListQuery } from './resources/orders-sharebalance.ts';
export type { CardLogsQuery, FundingLogsQuery } from './resources/cards-and-accounts.ts';
export type { TransactionListQuery } from './resources/transactions.ts';

// The wire types, straight from the contract (packages/contract): the SDK never
// re-declares a shape the server validates. Type-only — nothing of the
// contract (or TypeBox) is loaded at run time.
export type {
  Product, Card, CardInfo, FundingAccount, AccountLog,
  CardModel, CardStatus, OrderStatus, OrderType, StandardOrderType, Currency,
  ApplyStandardCardRequest, TopUpRequest, WithdrawRequest, CardOrderRequest,
  ApplyCardOrder, TopUpOrder, WithdrawOrder, BlockOrder, UnblockOrder, CancelOrder, StandardOrder,
  StandardOrdersQuery, CardAccountLogsQuery, AccountLogsQuery,
  ApplyShareBalanceCardRequest, CreditLimitRequest, ShareBalanceCardOrderRequest, ShareBalanceOrdersQuery, ShareBalanceOrderType,
  ShareBalanceApplyCardOrder, CreditLimitOrder, ShareBalanceBlockOrder, ShareBalanceUnblockOrder, ShareBalanceCancelOrder, ShareBalanceOrder,
  Transaction, TransactionType, TransactionStatus, DeclineReason, TransactionsQuery,
  SimulateAuthorizeRequest, SimulateClearRequest, SimulateReverseRequest, SimulateRefundRequest, SimulateExpireRequest,
} from '@cardepass/contract';
