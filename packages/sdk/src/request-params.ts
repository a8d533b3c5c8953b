// What goes into a request besides the caller's body: path ids, query strings
// in the documents' casing, and the idempotency keys that make POSTs safe to
// retry. Query methods take friendly camelCase keys ({ cardId, pageSize }); the
// API uses CardId, PageSize. The mapping is mechanical — the first letter
// upper-cased — so it cannot drift from the contract, whose query types the
// friendly types are derived from.
import { CardepassError } from './errors.ts';
import type { ApiQuery } from './results.ts';

/** A decimal amount as the API accepts it: a JSON number or decimal text ("10.50"), sent as given. */
export type Amount = number | string;

/** A date filter: ISO 8601 text (a date covers the whole day, UTC) or a Date. */
export type DateInput = string | Date;

/**
 * The contract's query type with camelCase keys, all optional; date filters
 * (TransactionDateFrom/To) also take a Date.
 */
export type FriendlyQuery<Query> = {
  [Key in keyof Query & string as Uncapitalize<Key>]?: Key extends `${string}Date${string}` ? DateInput : Exclude<Query[Key], undefined>;
};

/** { cardId: 'C1', pageSize: 50, transactionDateFrom: new Date(…) } → { CardId: 'C1', PageSize: 50, TransactionDateFrom: '…Z' }. */
export function toApiQuery(friendly: object = {}): ApiQuery {
  const query: ApiQuery = {};
  for (const [key, value] of Object.entries(friendly)) {
    if (value === undefined || value === null) continue;
    const apiKey = key.charAt(0).toUpperCase() + key.slice(1);
    query[apiKey] = value instanceof Date ? value.toISOString() : typeof value === 'number' ? value : String(value);
  }
  return query;
}

/** The query string of a URL, without undefined values. */
export function queryString(query: ApiQuery | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The value, or a CardepassError naming the missing argument: an empty id would
 * otherwise address a different endpoint (/v1/cards/ is not a card), and the
 * error would be about a route instead of about the caller's argument.
 */
export function required(name: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new CardepassError(`${name} is required`);
  return value;
}

/** The id, URL-encoded for a path segment. */
export function pathId(name: string, value: string): string {
  return encodeURIComponent(required(name, value));
}

/**
 * A unique idempotency key (`sdk_<uuid>`) for a POST the caller gave none:
 * the server deduplicates on it, so the SDK may retry the POST safely.
 */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return `sdk_${crypto.randomUUID()}`;
  // randomUUID needs a secure context in browsers; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `sdk_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The body with a customerOrderNo: the caller's, or a new unique one. It is
 * fixed here, once per method call, so every retry of the call sends the same
 * number and the server answers the original order instead of creating another.
 */
export function withOrderNo<Body extends { customerOrderNo?: string | undefined }>(body: Body): Body & { customerOrderNo: string } {
  if (typeof body !== 'object' || body === null) throw new CardepassError('a request body object is required');
  return { ...body, customerOrderNo: body.customerOrderNo ?? newIdempotencyKey() };
}

/** The same for the simulated network's `reference`: the server returns the same transaction for a repeated one. */
export function withReference<Body extends { reference?: string | undefined }>(body: Body): Body & { reference: string } {
  if (typeof body !== 'object' || body === null) throw new CardepassError('a request body object is required');
  return { ...body, reference: body.reference ?? newIdempotencyKey() };
}

/** Order lookups: by the platform's orderNo (a string or { orderNo }) or by your { customerOrderNo }. */
export type OrderRef = string | { orderNo: string } | { customerOrderNo: string };

/** The query of an order lookup. */
export function orderRefQuery(ref: OrderRef): { OrderNo?: string; CustomerOrderNo?: string } {
  if (typeof ref === 'string') return { OrderNo: required('orderNo', ref) };
  if (ref && 'orderNo' in ref && ref.orderNo) return { OrderNo: ref.orderNo };
  if (ref && 'customerOrderNo' in ref && ref.customerOrderNo) return { CustomerOrderNo: ref.customerOrderNo };
  throw new CardepassError('an orderNo or a customerOrderNo is required');
}
