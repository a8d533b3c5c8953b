// Whether a fuzzed POST is certain to be refused before it can change anything: the
// fuzz suite sends only such POSTs (fc.pre), so the state snapshot must come out
// unchanged, and a change means the server accepted what it should have refused.
// It mirrors the server's own gates, in their order: the router (percent-encoding),
// the content parser, the input guard, the schema (the server's own Ajv instances),
// then what the handler refuses before any write (unknown or foreign ids, amounts the
// money parser refuses). It is conservative: when unsure which body the server would
// see, every candidate must be refused.
import type { ValidateFunction } from 'ajv';
import { ajvFor } from '../../src/lib/schema-compilers.ts';
import { parseAmount } from '@cardepass/contract';
import { findUnsafeInput } from '../../src/plugins/input-guard.ts';
import type { SchemaNode } from '../../src/routes/openapi/reference/examples.ts';

export interface FuzzRoute {
  method: string;
  /** As registered, with :params. */
  url: string;
  api: 'token' | 'v1' | 'admin' | 'public';
  body?: SchemaNode;
  query?: SchemaNode;
  params?: SchemaNode;
}

/** What a generated request is made of, before it is put on the wire. */
export interface RequestParts {
  /** Path parameters as raw (already percent-encoded, possibly broken) segments. */
  params: Record<string, string>;
  query: string;
  contentType: string | null;
  payload: string | undefined;
}

/** The ids that exist, and those the fuzzing customer owns (the only ones /v1 can act on). */
export interface KnownIds { existing: Set<string>; own: Set<string> }

const compiled = new WeakMap<object, ValidateFunction>();

/** The validator the server would use for this schema (body: no coercion; text: coercion). */
export function validatorOf(schema: SchemaNode, part: 'body' | 'text'): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajvFor(part).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Ajv's useDefaults writes into what it validates: validate a copy. */
const accepts = (schema: SchemaNode, part: 'body' | 'text', value: unknown) =>
  validatorOf(schema, part)(value === undefined ? undefined : structuredClone(value));

const AMOUNT_FIELDS = ['topUpAmount', 'withdrawAmount', 'maxAuthAmount', 'maxCreditAmount', 'amount'];

/** An amount the money parser refuses whatever the currency (zero excepted: some fields allow it). */
function refusedAmount(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  const parsed = parseAmount(value, 3);
  if (parsed.ok) return false;
  if (parsed.reason !== 'not_positive') return true;
  return typeof value === 'number' ? value < 0 || Object.is(value, -0) : String(value).trim().startsWith('-');
}

/**
 * What a handler refuses before writing: ids that are not the caller's, unknown products, impossible
 * amounts. Only fields the route's schema declares count: a handler ignores the others.
 */
function handlerRefuses(route: FuzzRoute, body: Record<string, unknown>, ids: KnownIds): boolean {
  const declared = (field: string) => Object.hasOwn(route.body?.properties ?? {}, field) && Object.hasOwn(body, field);
  const own = route.api === 'admin' ? ids.existing : ids.own;
  for (const field of ['cardId', 'transactionId', 'customerId']) {
    if (declared(field) && typeof body[field] === 'string' && !own.has(body[field] as string)) return true;
  }
  if (declared('productCode') && typeof body.productCode === 'string') {
    // Integrators apply for a product that exists; an operator's new product with an existing code is PRODUCT_EXISTS.
    if (route.api === 'v1' && !ids.existing.has(body.productCode)) return true;
    if (route.api === 'admin' && ids.existing.has(body.productCode)) return true;
  }
  return AMOUNT_FIELDS.some((field) => declared(field) && refusedAmount(body[field]));
}

/** The input guard refuses a query string with a NUL, a control character or a lone surrogate in it. */
function queryRefused(query: string): boolean {
  return query.split('&').some((pair) => {
    try {
      return pair.split('=').some((part) => findUnsafeInput(decodeURIComponent(part.replace(/\+/g, ' ')), '') !== null);
    } catch {
      return false; // the server keeps an undecodable value as it is: nothing to conclude
    }
  });
}

function bodyRefused(route: FuzzRoute, body: unknown, ids: KnownIds): boolean {
  if (findUnsafeInput(body, '')) return true;
  if (route.body && !accepts(route.body, 'body', body)) return true;
  return typeof body === 'object' && body !== null && !Array.isArray(body) && handlerRefuses(route, body as Record<string, unknown>, ids);
}

/** The bodies the server might parse from this payload; [] when the parser itself refuses it. */
function candidateBodies(parts: RequestParts): unknown[] {
  const exactJson = parts.contentType?.split(';')[0]!.trim() === 'application/json';
  if (parts.payload === undefined) return [undefined];
  if (parts.payload === '') return exactJson ? [] : [undefined, ''];
  const candidates: unknown[] = [];
  try { candidates.push(JSON.parse(parts.payload)); } catch { if (exactJson) return []; }
  if (!exactJson) candidates.push(parts.payload, Object.fromEntries(new URLSearchParams(parts.payload)), undefined);
  return candidates;
}

function paramsRefused(route: FuzzRoute, parts: RequestParts, ids: KnownIds): boolean {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(parts.params)) {
    if (raw === '') return true; // the route does not match: 404
    try { decoded[name] = decodeURIComponent(raw); } catch { return true; } // the router refuses the URL
  }
  if (findUnsafeInput(decoded, '')) return true;
  if (route.params && !accepts(route.params, 'text', decoded)) return true;
  // A path id of nothing that exists is that resource's 404 ('action' is a verb: disable, enable).
  return Object.entries(decoded).some(([name, value]) => name !== 'action' && !ids.existing.has(value));
}

/** True when the request cannot get past the server's checks, so cannot change state. */
export function certainlyRefused(route: FuzzRoute, parts: RequestParts, ids: KnownIds): boolean {
  if (paramsRefused(route, parts, ids) || queryRefused(parts.query)) return true;
  return candidateBodies(parts).every((body) => bodyRefused(route, body, ids));
}
