// Request generators for one route, derived from its registered schema: path
// parameters, query strings and bodies. A body starts from the route's valid
// example (reference/examples.ts, with the fuzzer's real ids) and has one or more
// fields made invalid, or is replaced by random JSON, broken JSON, or another
// content type. Everything is built from these parts (RequestParts) so that
// rejection.ts can tell whether a POST could change anything.
import fc from 'fast-check';
import { exampleOf, type SchemaNode } from '../../src/routes/openapi/reference/examples.ts';
import type { FuzzRoute, RequestParts } from './rejection.ts';
import { validatorOf } from './rejection.ts';
import { anyJson, brokenEncoding, dateText, edgeNumber, encodeComponent, longString, nastyString, numericText, unsafeString } from './values.ts';

/** Real ids the generators quote, so some requests reach real rows (and foreign ones, which must stay invisible). */
export interface IdPool { own: string[]; foreign: string[]; hints: Record<string, unknown> }

const ID_FIELDS = new Set(['cardId', 'CardId', 'transactionId', 'AuthorizationId', 'customerId', 'clientId', 'OrderNo', 'CustomerOrderNo']);
const AMOUNT_FIELDS = new Set(['topUpAmount', 'withdrawAmount', 'maxAuthAmount', 'maxCreditAmount', 'amount']);

const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x',
  'application/json; charset=utf-16', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/json;;', 'application/jsonx', '*/*', ''];

/** A value for a field of this name and schema: plausible, hostile, or at an edge. */
function fieldValue(name: string, schema: SchemaNode | undefined, ids: IdPool, part: 'text' | 'body'): fc.Arbitrary<unknown> {
  const options: Array<fc.Arbitrary<unknown>> = [nastyString, unsafeString, longString];
  if (ID_FIELDS.has(name)) options.push(fc.constantFrom(...ids.own, ...ids.foreign));
  if (AMOUNT_FIELDS.has(name) || /Page|Limit|Offset/.test(name)) options.push(numericText, part === 'body' ? edgeNumber : edgeNumber.map(String));
  if (/Date/.test(name)) options.push(dateText, dateText);
  if (schema?.enum) options.push(fc.constantFrom(...schema.enum));
  if (part === 'body') options.push(anyJson);
  return fc.oneof(...options);
}

/** A value its own schema refuses (the schema's Ajv says so), or a string the input guard refuses. */
function invalidValue(schema: SchemaNode | undefined): fc.Arbitrary<unknown> {
  if (!schema) return unsafeString;
  const validate = validatorOf(schema, 'body');
  return fc.oneof(unsafeString, anyJson.filter((value) => !validate(structuredClone(value))));
}

type Body = Record<string, unknown>;

/** The route's example body with one to three fields broken, and maybe extra fields. */
function mutatedBody(schema: SchemaNode, ids: IdPool): fc.Arbitrary<Body> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const example = exampleOf(schema, undefined, ids.hints) as Body;
  if (names.length === 0) return fc.constant(example);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const mutation = fc.constantFrom(...names).chain((name) => fc.oneof(
    invalidValue(properties[name]).map((value) => ({ name, value, drop: false })),
    fieldValue(name, properties[name], ids, 'body').map((value) => ({ name, value, drop: false })),
    fc.constant({ name, value: undefined as unknown, drop: required.has(name) }),
  ));
  const extras = fc.dictionary(fc.oneof(nastyString, fc.constantFrom('extra', 'data', 'isAdmin')), anyJson, { maxKeys: 2 });
  return fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.option(extras, { freq: 4 })).map(([mutations, extra]) => {
    const body: Body = { ...structuredClone(example), ...(extra ?? {}) };
    for (const m of mutations) {
      if (m.drop || m.value === undefined) delete body[m.name];
      else body[m.name] = m.value;
    }
    return body;
  });
}

/** JSON text made worse at the byte level: prototype keys, infinite numbers, truncation, deep nesting. */
function rawVariants(json: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(json),
    fc.constantFrom('{"__proto__":{"polluted":1},', '{"constructor":{"prototype":{"polluted":1}},').map((prefix) => json.startsWith('{') && json.length > 2 ? prefix + json.slice(1) : json),
    fc.constantFrom('1e999', '-1e999', '9'.repeat(400), '1e-400', '-0', '0.0000001').map((n) => json.replace(/:(-?\d[\d.eE+-]*|"[^"]*")/, `:${n}`)),
    fc.nat({ max: Math.max(0, json.length - 1) }).map((cut) => json.slice(0, cut)),
    fc.constantFrom(32, 33, 1000, 20_000).map((depth) => '['.repeat(depth) + json + ']'.repeat(depth)),
    fc.constantFrom('', ' ', 'null', '[]', '"text"', '0', 'true', '{', '}', '{"a":}', '\u0000', '\ufeff{}', '{}{}', '[1,]'),
  );
}

export interface BodyParts { contentType: string | null; payload: string | undefined }

function bodyFor(route: FuzzRoute, ids: IdPool): fc.Arbitrary<BodyParts> {
  const source: fc.Arbitrary<unknown> = route.body ? fc.oneof({ arbitrary: mutatedBody(route.body, ids), weight: 5 }, { arbitrary: anyJson, weight: 1 }) : anyJson;
  const encode = (type: string, body: unknown) => (type.includes('urlencoded') && body && typeof body === 'object'
    ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])).toString()
    : JSON.stringify(body) ?? '');
  // The token endpoint's own type is a form; every other endpoint's is JSON.
  const primary = route.api === 'token' ? 'application/x-www-form-urlencoded' : 'application/json';
  const json = (payload: fc.Arbitrary<string>) => payload.map((p): BodyParts => ({ contentType: primary, payload: p }));
  const asJson = source.map((body) => encode(primary, body));
  const otherType = fc.tuple(fc.constantFrom(...CONTENT_TYPES, 'application/json'), source).map(([type, body]): BodyParts => ({ contentType: type, payload: encode(type, body) }));
  if (route.method === 'GET') return fc.oneof({ arbitrary: fc.constant({ contentType: null, payload: undefined }), weight: 8 }, json(asJson));
  return fc.oneof(
    { arbitrary: json(asJson), weight: 6 },
    { arbitrary: json(asJson.chain(rawVariants)), weight: 2 },
    { arbitrary: otherType, weight: 1 },
    { arbitrary: fc.constant({ contentType: null, payload: undefined }), weight: route.body ? 1 : 4 },
  );
}

function queryFor(route: FuzzRoute, ids: IdPool): fc.Arbitrary<string> {
  const properties = route.query?.properties ?? {};
  const names = [...Object.keys(properties), 'Unknown', 'pageSize', '__proto__'];
  const pair = fc.constantFrom(...names).chain((name) => fieldValue(name, properties[name], ids, 'text').map((value) => `${encodeComponent(name)}=${encodeComponent(String(value))}`));
  const raw = brokenEncoding.map((b) => `CardId=${b}`);
  // Duplicates (CardId=a&CardId=b) arrive as arrays where a string is expected.
  return fc.array(fc.oneof({ arbitrary: pair, weight: 6 }, { arbitrary: raw, weight: 1 }), { maxLength: route.query ? 5 : 2 }).map((pairs) => pairs.join('&'));
}

function paramFor(route: FuzzRoute, name: string, ids: IdPool): fc.Arbitrary<string> {
  const values: Array<fc.Arbitrary<string>> = [nastyString, unsafeString, longString, fc.constantFrom('disable', 'enable', 'swagger-ui.css', 'favicon-32x32.png')];
  // Real ids only where nothing can change: a POST under /admin/v1 names no one that exists.
  if (!(route.api === 'admin' && route.method === 'POST')) values.push(fc.constantFrom(...ids.own, ...ids.foreign));
  return fc.oneof(
    { arbitrary: fc.oneof(...values).map(encodeComponent), weight: 6 },
    { arbitrary: fc.tuple(fc.string({ maxLength: 4 }), brokenEncoding).map(([a, b]) => encodeComponent(a) + b), weight: 1 },
  );
}

/** The parts of one request to `route`. */
export function requestParts(route: FuzzRoute, ids: IdPool): fc.Arbitrary<RequestParts> {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const params = fc.tuple(...names.map((name) => paramFor(route, name, ids))).map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]!])));
  return fc.tuple(params, queryFor(route, ids), bodyFor(route, ids))
    .map(([p, query, body]) => ({ params: p, query, contentType: body.contentType, payload: body.payload }));
}

/** The URL of a request: the route's path with its parameters, then the query string. */
export function urlOf(route: FuzzRoute, parts: RequestParts): string {
  const path = route.url.replace(/:(\w+)/g, (_whole, name: string) => parts.params[name] ?? '');
  return parts.query ? `${path}?${parts.query}` : path;
}
