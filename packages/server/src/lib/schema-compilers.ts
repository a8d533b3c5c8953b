// How route schemas become validators and serializers. Both are compiled on a
// route's first use rather than when the app is built: compiling every route's
// Ajv validators and fast-json-stringify serializers up front was about half of
// the platform's start-up CPU (bench: --only startup), and a process answers
// /readyz long before most routes are called. A route's first request pays its
// own compile (a few milliseconds), once per process.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import fastJsonStringify from 'fast-json-stringify';

// Bodies are JSON: no coercion, so "wrong types" are errors, not silently converted.
// Query strings and path parameters are text: coerce them to the declared types.
// Unknown fields are an error where a schema says additionalProperties: false
// (the operator API); the integrator API tolerates them, as the documents' own examples send some.
const AJV_OPTIONS = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false } as const;
export const bodyAjv = new Ajv({ ...AJV_OPTIONS, coerceTypes: false });
export const textAjv = new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' });

/** The Ajv instance that validates an HTTP part: the body (JSON) or text (query string, path parameters). */
export const ajvFor = (httpPart: string | undefined) => (httpPart === 'body' ? bodyAjv : textAjv);

/** What Fastify passes a validator besides the data (Ajv's data context). */
type DataContext = Parameters<ValidateFunction>[1];

interface LazyValidator {
  (data: unknown, context?: DataContext): boolean;
  errors: ErrorObject[] | null | undefined;
  /** Fastify passes the parent object to a validator that has this, so Ajv may coerce or default a root value. */
  schemaEnv: true;
}

/** A validator that compiles its schema with `ajv` on its first call; Fastify reads `errors` after each call. */
export function lazyValidator(ajv: Ajv, schema: object): LazyValidator {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown, context?: DataContext) => {
    compiled ??= ajv.compile(schema);
    const valid = compiled(data, context);
    validate.errors = compiled.errors;
    return valid;
  }) as LazyValidator;
  validate.errors = null;
  validate.schemaEnv = true;
  return validate;
}

/**
 * A response serializer that compiles on its first call. Compiled serializers are shared by
 * schema content: every route's error responses use the same envelope schemas, which Fastify
 * would otherwise compile once per route and status.
 */
export function lazySerializerCompiler(): (route: { schema: object }) => (data: unknown) => string {
  const byContent = new Map<string, (data: unknown) => string>();
  return ({ schema }) => {
    let compiled: ((data: unknown) => string) | undefined;
    return (data) => {
      if (!compiled) {
        const key = JSON.stringify(schema);
        compiled = byContent.get(key) ?? fastJsonStringify(schema);
        byContent.set(key, compiled);
      }
      return compiled(data);
    };
  };
}
