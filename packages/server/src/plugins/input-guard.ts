import fp from 'fastify-plugin';
import type { LocalizedText } from '@cardepass/contract';
import { ApiError } from '../lib/api-error.ts';

/** Deepest nesting a body may have: the API's bodies are flat objects; deeper is an attack or a bug. */
export const MAX_INPUT_DEPTH = 32;

// One pass over a string finds what PostgreSQL cannot store (NUL: "invalid byte sequence for
// encoding UTF8: 0x00") or what has no UTF-8 form (a lone UTF-16 surrogate), and the other C0
// control characters, which no field of the API has a use for. Tab, line feed and carriage
// return stay allowed: free text (an alias, a merchant name) may hold them harmlessly.
const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /[\u0000-\u001F]/;
// Cheap first pass without lookarounds: nearly every string has none of these, and skips the full check.
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF]/;

const CONTROL_REASON: LocalizedText = { en: 'must not contain control characters (such as NUL)', zh: '不能包含控制字符（如 NUL）' };
const SURROGATE_REASON: LocalizedText = { en: 'must not contain unpaired UTF-16 surrogates', zh: '不能包含不成对的 UTF-16 代理字符' };
const DEPTH_REASON: LocalizedText = { en: `must not nest deeper than ${MAX_INPUT_DEPTH} levels`, zh: `嵌套层级不能超过 ${MAX_INPUT_DEPTH} 层` };

/** Why a string may not enter the platform, or null when it may. */
export function unsafeTextReason(text: string): LocalizedText | null {
  if (!SUSPECT.test(text)) return null;
  const match = UNSAFE_TEXT.exec(text);
  if (!match) return null;
  return CONTROL.test(match[0]) ? CONTROL_REASON : SURROGATE_REASON;
}

/** A field name fit to quote in a message: control characters and lone surrogates escaped as JSON does. */
const printable = (name: string) => (UNSAFE_TEXT.test(name) ? JSON.stringify(name).slice(1, -1) : name);

interface Finding { keys: string[]; reason: LocalizedText }

// Walks without building any field name: the path is assembled only on the way back from a
// finding, so a clean request (nearly all of them) allocates nothing here.
function find(value: unknown, depth: number): Finding | null {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason ? { keys: [], reason } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { keys: [], reason: DEPTH_REASON };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], depth + 1);
      if (found) { found.keys.push(String(i)); return found; }
    }
    return null;
  }
  for (const key in value) {
    const keyReason = unsafeTextReason(key);
    if (keyReason) return { keys: [key], reason: keyReason };
    const found = find((value as Record<string, unknown>)[key], depth + 1);
    if (found) { found.keys.push(key); return found; }
  }
  return null;
}

/** The first unsafe string (value or key) under `value`, as the error naming its field; null when clean. */
export function findUnsafeInput(value: unknown, path: string): ApiError | null {
  const found = find(value, 0);
  if (!found) return null;
  const field = [path, ...found.keys.reverse().map(printable)].filter((part) => part !== '').join('.');
  return new ApiError('VALIDATION_FAILED', { field, reason: found.reason });
}

/**
 * The edge check of every request's text: body, query string and path parameters, after
 * parsing and before schema validation, so no layer below (services, SQL) ever sees a NUL,
 * a control character or a lone surrogate. A 400 VALIDATION_FAILED names the field (the
 * token endpoint turns it into an RFC 6749 invalid_request, see envelope.ts). Cheap: one
 * regular expression per string of inputs that are small, flat objects.
 */
export default fp(async (app) => {
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('preValidation', (request, _reply, done) => {
    const found = findUnsafeInput(request.params, '') ?? findUnsafeInput(request.query, '') ?? findUnsafeInput(request.body, '');
    // A body that is itself a bad string, or too deep at the top, is named 'body'.
    if (found && found.params.field === '') found.params.field = 'body';
    done(found ?? undefined);
  });
});
