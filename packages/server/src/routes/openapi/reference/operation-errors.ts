// The error responses of each operation, as they really occur. The route
// schemas only say '4xx'/'5xx' (all Fastify needs to serialize errors); the
// document lists the statuses one by one, each with the error codes behind it
// and an example per code, so integrators know what to handle.
import { STATUS_CODES } from 'node:http';
import { ERRORS, ErrorEnvelope, TokenError, renderErrorMessage, type ErrorCode } from '@cardepass/contract';
import type { SchemaNode } from './examples.ts';

/** How an operation is reached: the token endpoint, a /v1 route behind bearer auth, or an open page. */
export type OperationKind = 'token' | 'bearer' | 'public';

/**
 * Errors an operation's own logic raises, beyond those every operation of its kind
 * can give (see errorCodes). Keyed by method and path below the base path. A route
 * missing here still gets the generic ones; add it when its service throws more.
 */
const CARD_STATE: ErrorCode[] = ['CARD_NOT_FOUND', 'CARD_MODEL_MISMATCH', 'CARD_CANCELLED', 'CARD_OPERATION_PENDING', 'ORDER_NO_CONFLICT'];
const SIMULATED_EVENT: ErrorCode[] = ['INVALID_AMOUNT', 'TRANSACTION_NOT_FOUND', 'NOT_AN_AUTHORIZATION', 'REFERENCE_CONFLICT'];
const DOMAIN_ERRORS: Record<string, ErrorCode[]> = {
  'GET /v1/cards/{cardId}': ['CARD_NOT_FOUND'],
  'GET /v1/accounts/cardAccountLogs': ['INVALID_DATE', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG', 'CARD_NOT_FOUND'],
  'GET /v1/accounts/accountLogs': ['INVALID_DATE', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG'],
  'GET /v1/orders/standard': ['ORDER_NOT_FOUND'],
  'POST /v1/orders/standard/apply': [
    'INVALID_AMOUNT', 'PRODUCT_NOT_FOUND', 'CARD_MODEL_NOT_SUPPORTED', 'UNSUPPORTED_CURRENCY', 'INSUFFICIENT_FUNDS', 'ORDER_NO_CONFLICT',
  ],
  'POST /v1/orders/standard/topup': ['INVALID_AMOUNT', 'AMOUNT_BELOW_MINIMUM', 'CARD_EXPIRED', 'INSUFFICIENT_FUNDS', ...CARD_STATE],
  'POST /v1/orders/standard/withdraw': ['INVALID_AMOUNT', 'CARD_EXPIRED', 'INSUFFICIENT_CARD_BALANCE', ...CARD_STATE],
  'POST /v1/orders/standard/block': ['CARD_NOT_ACTIVE', ...CARD_STATE],
  'POST /v1/orders/standard/unblock': ['CARD_NOT_BLOCKED', ...CARD_STATE],
  'POST /v1/orders/standard/cancel': ['CARD_EXPIRED', ...CARD_STATE],
  'GET /v1/orders/sharebalance': ['ORDER_NOT_FOUND'],
  'POST /v1/orders/sharebalance/apply': [
    'INVALID_AMOUNT', 'PRODUCT_NOT_FOUND', 'CARD_MODEL_NOT_SUPPORTED', 'UNSUPPORTED_CURRENCY', 'INSUFFICIENT_FUNDS', 'ORDER_NO_CONFLICT',
  ],
  'POST /v1/orders/sharebalance/creditLimit': ['INVALID_AMOUNT', 'CREDIT_LIMIT_BELOW_USED', 'CARD_EXPIRED', ...CARD_STATE],
  'POST /v1/orders/sharebalance/block': ['CARD_NOT_ACTIVE', ...CARD_STATE],
  'POST /v1/orders/sharebalance/unblock': ['CARD_NOT_BLOCKED', ...CARD_STATE],
  'POST /v1/orders/sharebalance/cancel': ['CARD_EXPIRED', 'INSUFFICIENT_FUNDS', ...CARD_STATE],
  'GET /v1/transactions': ['INVALID_DATE', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG', 'CARD_NOT_FOUND'],
  'POST /v1/simulate/authorize': ['INVALID_AMOUNT', 'CARD_NOT_FOUND', 'REFERENCE_CONFLICT'],
  'POST /v1/simulate/clear': [...SIMULATED_EVENT, 'AUTHORIZATION_NOT_PENDING', 'AMOUNT_EXCEEDS_TOLERANCE', 'OVER_CAPTURE_DECLINED'],
  'POST /v1/simulate/reverse': [...SIMULATED_EVENT, 'AUTHORIZATION_NOT_PENDING', 'AMOUNT_EXCEEDS_HOLD'],
  'POST /v1/simulate/refund': [...SIMULATED_EVENT, 'TRANSACTION_NOT_SETTLED', 'AMOUNT_EXCEEDS_REFUNDABLE'],
  'POST /v1/simulate/expire': ['TRANSACTION_NOT_FOUND', 'NOT_AN_AUTHORIZATION', 'AUTHORIZATION_NOT_PENDING'],
  'GET /v1/events': ['INVALID_DATE', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG', 'CARD_NOT_FOUND'],
  'GET /v1/events/{eventId}': ['EVENT_NOT_FOUND'],
  'GET /v1/events/{eventId}/deliveries': ['EVENT_NOT_FOUND'],
  'POST /v1/events/{eventId}/resend': ['EVENT_NOT_FOUND', 'WEBHOOK_ENDPOINT_NOT_FOUND'],
  'POST /v1/webhooks/endpoints/{endpointId}/recover': ['INVALID_DATE', 'WEBHOOK_ENDPOINT_NOT_FOUND'],
  'POST /v1/webhooks/endpoints': ['WEBHOOK_URL_REFUSED', 'DELIVERY_FAULTS_SANDBOX_ONLY', 'WEBHOOK_ENDPOINT_LIMIT'],
  'GET /v1/webhooks/endpoints/{endpointId}': ['WEBHOOK_ENDPOINT_NOT_FOUND'],
  'POST /v1/webhooks/endpoints/{endpointId}/update': ['WEBHOOK_URL_REFUSED', 'DELIVERY_FAULTS_SANDBOX_ONLY', 'WEBHOOK_ENDPOINT_NOT_FOUND'],
  'POST /v1/webhooks/endpoints/{endpointId}/delete': ['WEBHOOK_ENDPOINT_NOT_FOUND'],
  'POST /v1/webhooks/endpoints/{endpointId}/rotateSecret': ['WEBHOOK_ENDPOINT_NOT_FOUND'],
  'POST /v1/webhooks/endpoints/{endpointId}/test': ['WEBHOOK_ENDPOINT_NOT_FOUND'],
  'GET /docs/assets/{file}': ['ROUTE_NOT_FOUND'],
};

/** Every error code an operation can answer with, generic ones derived from its kind and schema. */
export function errorCodes(kind: OperationKind, key: string, schema: { body?: unknown; querystring?: unknown; params?: unknown }): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (schema.body) codes.push('VALIDATION_FAILED', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  else if (schema.querystring || schema.params) codes.push('VALIDATION_FAILED');
  // The bearer hook runs first on every /v1 route, reading the client's state from the database.
  if (kind === 'bearer') codes.push('UNAUTHORIZED', 'INVALID_TOKEN', 'INSUFFICIENT_SCOPE', 'CUSTOMER_DISABLED', 'RATE_LIMITED');
  codes.push(...(DOMAIN_ERRORS[key] ?? []), 'INTERNAL_ERROR');
  if (kind !== 'public') codes.push('SERVICE_UNAVAILABLE');
  return [...new Set(codes)];
}

// Placeholder values for the example messages, matching the other examples.
const SAMPLE_PARAMS = {
  field: 'topUpAmount', reason: 'is required', currency: 'USD', productCode: 'PROD001', cardId: 'CARD7K2M9Q4TX1B8N6PR',
  cardModel: 'ShareBalance', expected: 'Standard', status: 'Blocked', pending: 'CardTopUp', required: '102.00 USD',
  customerOrderNo: 'ORD20250115001', other: 'TransactionDateTo', months: 6, minimum: '1 USD', method: 'GET',
  url: '/openapi/v1/unknown', limit: 65536, contentType: 'text/plain', retryAfter: 1,
  transactionId: 'TXN250115100000K7Q2M9XA', transactionType: 'Clearing', action: 'cleared', amount: '60.01 USD', held: '50.00 USD',
  maximum: '57.50 USD', refundable: '12.34 USD', extra: '7.50 USD', reference: 'net-0001',
  maxCreditAmount: '500.00 USD', usedCreditAmount: '612.40 USD',
  endpointId: 'we_5k2m9q4tx1b8n6prw3dzh7ca',
};

export const text = (status: number) => STATUS_CODES[status] ?? String(status);
export const responseIdHeader = { 'X-Response-Id': { type: 'string', description: 'The responseId of the request; quote it to support' } };
const retryAfterHeader = { 'Retry-After': { type: 'integer', description: 'Seconds to wait before retrying' } };

/**
 * One error response in @fastify/swagger's explicit `content` form: errors are JSON
 * whatever the route's `produces` says, and each code gets a named example. The
 * schema is marked for hoisting into components.schemas (document.ts).
 */
function errorResponse(status: number, description: string, component: 'ErrorEnvelope' | 'TokenError', examples: Record<string, { summary?: string; value: unknown }>, headers: Record<string, SchemaNode>): SchemaNode {
  const schema = component === 'ErrorEnvelope' ? ErrorEnvelope : TokenError;
  return {
    'x-response-description': `${text(status)}: ${description}`,
    content: { 'application/json': { schema: { ...(schema as unknown as SchemaNode), 'x-component': component }, examples } },
    headers,
  };
}

function envelopeResponse(status: number, codes: ErrorCode[]): SchemaNode {
  const examples = Object.fromEntries(codes.map((code) => {
    const message = renderErrorMessage(code, 'en', SAMPLE_PARAMS);
    return [code, { summary: message, value: { responseId: '3f2b8c1e-7a4d-4e0b-9c61-2d5f8a9b0c47', hasError: true, errorCode: code, errorMessage: message, data: null } }];
  }));
  const headers = status === 429 || status === 503 ? { ...responseIdHeader, ...retryAfterHeader }
    : status === 401 ? { ...responseIdHeader, 'WWW-Authenticate': { type: 'string', description: 'Bearer realm="cardepass", with error="invalid_token" for a bad token' } }
    : responseIdHeader;
  return errorResponse(status, codes.map((c) => `\`${c}\``).join(', '), 'ErrorEnvelope', examples, headers);
}

/** The envelope error responses of a /v1 or public operation, one per HTTP status. */
export function envelopeErrorResponses(codes: ErrorCode[]): Record<string, SchemaNode> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, list]) => [String(status), envelopeResponse(status, list)]));
}

// The token endpoint answers RFC 6749 errors (connect-token.ts); only an unexpected failure is the envelope.
const OAUTH_EXAMPLES = {
  400: {
    invalid_request: 'grant_type is required',
    unsupported_grant_type: 'Only client_credentials is supported',
    invalid_scope: 'The only scope is openapi',
  },
  401: { invalid_client: 'Client authentication failed' },
  // Credential throttling (README): too many failures for this client_id and/or address; a correct secret too.
  429: { slow_down: 'Too many failed attempts; retry after 60 seconds' },
} as const;

/** The token endpoint's error responses. */
export function tokenErrorResponses(): Record<string, SchemaNode> {
  const oauth = Object.fromEntries(Object.entries(OAUTH_EXAMPLES).map(([status, errors]) => {
    const description = `RFC 6749 error ${Object.keys(errors).map((e) => `\`${e}\``).join(', ')}`
      // The error handler maps every failure of this route but a crash to invalid_request (envelope.ts).
      + (status === '400' ? '; also invalid_request for a malformed or oversized body and while the service is unavailable' : '');
    const examples = Object.fromEntries(Object.entries(errors).map(([error, message]) => [error, { value: { error, error_description: message } }]));
    const headers = status === '401' ? { ...responseIdHeader, 'WWW-Authenticate': { type: 'string', description: 'Basic realm="cardepass"' } }
      : status === '429' ? { ...responseIdHeader, ...retryAfterHeader } : responseIdHeader;
    return [status, errorResponse(Number(status), description, 'TokenError', examples, headers)];
  }));
  return { ...oauth, ...envelopeErrorResponses(['INTERNAL_ERROR']) };
}

