// Every failure the SDK reports is a CardepassError, so callers can catch one
// class. An answer from the API becomes an ApiError subclass chosen by HTTP
// status; no answer at all is a ConnectionError or a TimeoutError.

/** The body the API answered with: the documents' envelope, or RFC 6749 JSON from the token endpoint. */
export type ErrorBody = Record<string, unknown> | string | undefined;

export class CardepassError extends Error {
  override name = 'CardepassError';
}

export interface ApiErrorDetails {
  status: number;
  /** The envelope's errorCode (e.g. `CARD_NOT_FOUND`), the token endpoint's `error`, or `HTTP_<status>` for a non-Cardepass answer. */
  errorCode: string;
  errorMessage: string;
  /** Quote it to support: the server logs every line of the request under it. */
  responseId: string | undefined;
  body: ErrorBody;
  /** Seconds the server asked to wait before retrying (Retry-After), when it said. */
  retryAfter?: number | undefined;
}

/** The API answered with an error. */
export class ApiError extends CardepassError {
  override name = 'ApiError';
  readonly status: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly responseId: string | undefined;
  readonly body: ErrorBody;
  /** Seconds the server asked to wait (Retry-After: 429 always, 503 usually); undefined when it did not say. */
  readonly retryAfter: number | undefined;

  constructor(details: ApiErrorDetails) {
    super(`${details.errorCode}: ${details.errorMessage} (HTTP ${details.status}${details.responseId ? `, responseId ${details.responseId}` : ''})`);
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMessage = details.errorMessage;
    this.responseId = details.responseId;
    this.body = details.body;
    this.retryAfter = details.retryAfter;
  }
}

/** 400, 413, 415, 422: the request itself is wrong; sending it again will not help. */
export class InvalidRequestError extends ApiError { override name = 'InvalidRequestError'; }
/** 401: bad client credentials, or a token the server refused even after one refresh. */
export class AuthenticationError extends ApiError { override name = 'AuthenticationError'; }
/** 403: the customer is disabled or the token's scope does not allow the endpoint. */
export class PermissionError extends ApiError { override name = 'PermissionError'; }
/** 404: no such card, order, product, transaction or endpoint. */
export class NotFoundError extends ApiError { override name = 'NotFoundError'; }
/** 409: a customerOrderNo reused for a different request, or a card with an order in flight. */
export class ConflictError extends ApiError { override name = 'ConflictError'; }
/** 5xx: the server failed; the SDK has already retried. */
export class ServerError extends ApiError { override name = 'ServerError'; }

/** 429: the client's rate limit; the SDK has already retried, honouring Retry-After (see `retryAfter`). */
export class RateLimitError extends ApiError { override name = 'RateLimitError'; }

/** No answer: DNS, refused or reset connection, TLS. `cause` holds fetch's error. */
export class ConnectionError extends CardepassError {
  override name = 'ConnectionError';
}

/** No answer within timeout_ms (a request), or an order still not final when waitFor gave up. */
export class TimeoutError extends CardepassError {
  override name = 'TimeoutError';
}

/** The ApiError subclass for an HTTP status. */
export function apiErrorFor(details: ApiErrorDetails): ApiError {
  const { status } = details;
  if (status === 401) return new AuthenticationError(details);
  if (status === 403) return new PermissionError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 409) return new ConflictError(details);
  if (status === 429) return new RateLimitError(details);
  if (status >= 500) return new ServerError(details);
  if (status === 400 || status === 413 || status === 415 || status === 422) return new InvalidRequestError(details);
  return new ApiError(details);
}
