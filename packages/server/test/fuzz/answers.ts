// What every fuzzed answer must look like, and the credentials the fuzz suite forges.
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { ERRORS } from '@cardepass/contract';
import type { FuzzRoute, RequestParts } from './rejection.ts';
import { urlOf } from './requests.ts';
import type { FuzzWorld } from './world.ts';
import { encodeComponent, nastyString } from './values.ts';

export interface Tally { requests: number; skipped: number; byStatus: Record<number, number>; byCode: Record<string, number> }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OAUTH_ERRORS = new Set(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'server_error', 'temporarily_unavailable', 'slow_down']);

function fail(route: FuzzRoute, parts: RequestParts, response: LightMyRequestResponse, why: string): never {
  const payload = parts.payload === undefined ? '' : ` payload ${JSON.stringify(parts.payload.slice(0, 300))}`;
  throw new Error(`${why}\n  ${route.method} ${urlOf(route, parts).slice(0, 300)} content-type ${JSON.stringify(parts.contentType)}${payload}\n  → ${response.statusCode} ${response.body.slice(0, 500)}`);
}

function parse(route: FuzzRoute, parts: RequestParts, response: LightMyRequestResponse): Record<string, unknown> {
  try {
    const body = JSON.parse(response.body) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch { /* reported below */ }
  return fail(route, parts, response, 'the answer is not a JSON object');
}

/** The /v1 and /admin/v1 envelope: responseId (as X-Response-Id), hasError, errorCode, errorMessage, data. */
function checkEnvelope(route: FuzzRoute, parts: RequestParts, response: LightMyRequestResponse): string | null {
  const body = parse(route, parts, response);
  const isError = response.statusCode >= 400;
  if (typeof body.responseId !== 'string' || !UUID.test(body.responseId)) fail(route, parts, response, 'responseId is not a UUID');
  if (response.headers['x-response-id'] !== body.responseId) fail(route, parts, response, 'X-Response-Id differs from responseId');
  if (body.hasError !== isError) fail(route, parts, response, `hasError is not ${isError}`);
  if (typeof body.errorMessage !== 'string' || body.errorMessage === '') fail(route, parts, response, 'errorMessage is missing');
  if (!('data' in body)) fail(route, parts, response, 'data is missing');
  if (isError) {
    if (typeof body.errorCode !== 'string' || !(body.errorCode in ERRORS)) fail(route, parts, response, 'errorCode is not one of the table');
    if (ERRORS[body.errorCode as keyof typeof ERRORS].status !== response.statusCode) fail(route, parts, response, 'the status is not the errorCode\'s');
    if (body.data !== null) fail(route, parts, response, 'an error carries data');
    return body.errorCode as string;
  }
  if (body.errorCode !== null) fail(route, parts, response, 'a success has an errorCode');
  return null;
}

/** RFC 6749 §5.1/§5.2: an access token, or { error, error_description } with a registered error. */
function checkOAuth(route: FuzzRoute, parts: RequestParts, response: LightMyRequestResponse): string | null {
  const body = parse(route, parts, response);
  if ('responseId' in body || 'hasError' in body) fail(route, parts, response, 'the token endpoint answered the envelope');
  if (response.statusCode === 200) {
    if (typeof body.access_token !== 'string' || body.token_type !== 'Bearer') fail(route, parts, response, 'a 200 without a token');
    return null;
  }
  if (typeof body.error !== 'string' || !OAUTH_ERRORS.has(body.error)) fail(route, parts, response, 'error is not an RFC 6749 error');
  if (typeof body.error_description !== 'string') fail(route, parts, response, 'error_description is missing');
  return body.error as string;
}

/** Never a 5xx; the envelope on /v1 and /admin/v1 (and on any error), RFC 6749 on the token endpoint. */
export function checkAnswer(route: FuzzRoute, parts: RequestParts, response: LightMyRequestResponse, tally: Tally): void {
  tally.byStatus[response.statusCode] = (tally.byStatus[response.statusCode] ?? 0) + 1;
  if (response.statusCode >= 500) fail(route, parts, response, 'a 5xx');
  // Every fuzzed change (POST, PUT, PATCH, DELETE) was proven refused before it was sent (rejection.ts): a success means one got through.
  if (isMutating(route) && response.statusCode < 300) fail(route, parts, response, `a ${route.method} that should have been refused succeeded`);
  let code: string | null = null;
  if (route.api === 'token') code = checkOAuth(route, parts, response);
  else if (route.api !== 'public' || response.statusCode >= 400) code = checkEnvelope(route, parts, response);
  if (code) tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** JWTs that must not pass: alg none, a key of our own, an expired or foreign-scoped claim set. */
function forgedJwt(world: FuzzWorld): fc.Arbitrary<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = fc.constantFrom(
    { sub: world.fuzzer.customerId, scope: 'openapi', iat: now, exp: now + 3600 },
    { sub: world.fuzzer.customerId, scope: 'admin', iat: now, exp: now + 3600 },
    { sub: world.fuzzer.customerId, scope: 'openapi', iat: now - 7200, exp: now - 3600 },
    { sub: 'CUS\u0000', scope: 'openapi', exp: 'never' },
  );
  return fc.tuple(fc.constantFrom('none', 'HS256', 'RS256'), claims).map(([alg, payload]) => {
    const head = `${base64url({ alg, typ: 'JWT' })}.${base64url(payload)}`;
    return alg === 'none' ? `${head}.` : `${head}.${createHmac('sha256', randomBytes(32)).update(head).digest('base64url')}`;
  });
}

/** Credentials that must not let the request in: none, forged, or the other API's. */
export function authVariant(route: FuzzRoute, world: FuzzWorld, adminKey: string): fc.Arbitrary<Record<string, string>> {
  const garbage = nastyString.map(encodeComponent);
  const variants: Array<fc.Arbitrary<Record<string, string>>> = [
    fc.constant({}),
    garbage.map((g) => ({ authorization: `Bearer ${g}` })),
    forgedJwt(world).map((jwt) => ({ authorization: `Bearer ${jwt}` })),
    fc.tuple(nastyString, nastyString).map(([id, secret]) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` })),
    garbage.map((g) => ({ authorization: g })),
  ];
  if (route.api === 'admin') variants.push(garbage.map((g) => ({ 'x-admin-key': g })), fc.constant({ authorization: `Bearer ${world.fuzzer.token}` }));
  if (route.api === 'v1') variants.push(fc.constant({ authorization: `Bearer ${adminKey}` }), fc.constant({ 'x-admin-key': adminKey }));
  return fc.oneof(...variants);
}

/** A request that may change something: every method but GET, except the token endpoint (it only issues tokens). */
export const isMutating = (route: FuzzRoute) => route.method !== 'GET' && route.api !== 'token';
