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
export type { EventListQuery } from './resources/events.ts';
export type { QueuedDeliveries } from './resources/webhook-endpoints.ts';
export {
  verifyWebhook, webhooks, Webhooks, WebhookVerificationError, DEFAULT_WEBHOOK_TOLERANCE_S,
  type WebhookHeaders, type WebhookVerificationReason, type VerifyWebhookOptions,
} from './webhook-verify.ts';

// The wire types: the contract's (packages/contract) request and response
// shapes, generated as plain TypeScript into wire-types.ts so the SDK never
// re-declares a shape by hand and the published package depends on nothing.
export type {
  Product, Card, CardInfo, FundingAccount, AccountLog, FeeItem, OrderLine,
  CardModel, CardStatus, CardOrganization, ChargeMethodType, OrderStatus, OrderType, StandardOrderType, Currency,
  ApplyStandardCardRequest, TopUpRequest, WithdrawRequest, CardOrderRequest,
  ApplyCardOrder, TopUpOrder, WithdrawOrder, BlockOrder, UnblockOrder, CancelOrder, StandardOrder,
  StandardOrdersQuery, CardAccountLogsQuery, AccountLogsQuery,
  ApplyShareBalanceCardRequest, CreditLimitRequest, ShareBalanceCardOrderRequest, ShareBalanceOrdersQuery, ShareBalanceOrderType,
  ShareBalanceApplyCardOrder, CreditLimitOrder, ShareBalanceBlockOrder, ShareBalanceUnblockOrder, ShareBalanceCancelOrder, ShareBalanceOrder,
  Transaction, TransactionType, TransactionStatus, DeclineReason, TransactionsQuery,
  SimulateAuthorizeRequest, SimulateClearRequest, SimulateReverseRequest, SimulateRefundRequest, SimulateExpireRequest,
  EventType, CardEventData, AccountCreditedData, WebhookTestData,
  OrderEvent, CardEvent, TransactionEvent, AccountCreditedEvent, WebhookTestEvent, CardepassEvent, EventsQuery,
  DeliveryStatus, DeliveryAttempt, Delivery, ResendRequest,
  WebhookEndpointStatus, DeliveryFaults, WebhookEndpoint, WebhookEndpointWithSecret,
  CreateWebhookEndpointRequest, UpdateWebhookEndpointRequest, RecoverRequest,
} from './wire-types.ts';
