import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ERRORS, type ErrorCode } from '@cardepass/contract';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the document as [METHOD path, operation]. */
const operations = (doc: Json): Array<[string, Json]> => Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).filter(([method]) => METHODS.includes(method)).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op as Json] as [string, Json]));

/** The example names (= error codes) of one error response of an operation. */
const codesOfToken = (op: Json, status: string) => Object.keys(op.responses[status]?.content['application/json'].examples ?? {});

/** Validates a copy: the parser dereferences the document it is given in place. */
const validateCopy = (doc: Json) => validate(structuredClone(doc) as Parameters<typeof validate>[0]);

const fetchDocument = async (p: TestPlatform, basePath: string) => {
  const response = await p.app.inject({ method: 'GET', url: `${basePath}/swagger.json` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Json;
};

describe('GET /openapi/swagger.json', () => {
  let p: TestPlatform;
  let doc: Json;
  let ops: Map<string, Json>;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    doc = await fetchDocument(p, '/openapi');
    ops = new Map(operations(doc));
  });
  afterAll(async () => { await p?.close(); });

  it('answers an OpenAPI 3.1 JSON document without a token', async () => {
    const response = await p.app.inject({ method: 'GET', url: '/openapi/swagger.json' });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it('passes a real OpenAPI 3.1 validator, which does reject a broken copy', async () => {
    const result = await validateCopy(doc);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.specification).toBe('OpenAPI');
    // The same validator on a copy whose path parameter is undeclared and whose operation lacks responses.
    const broken = structuredClone(doc);
    delete broken.paths['/openapi/v1/cards/{cardId}'].get.parameters;
    delete broken.paths['/openapi/v1/products'].get.responses;
    expect((await validateCopy(broken)).valid).toBe(false);
  });

  it('describes every route registered under the base path with its method, and nothing else', () => {
    const registered = new Set(p.app.registeredRoutes
      .filter((r) => r.url.startsWith('/openapi/'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    expect([...ops.keys()].sort()).toEqual([...registered].sort());
    for (const expected of ['POST /openapi/connect/token', 'GET /openapi/v1/cards/{cardId}', 'POST /openapi/v1/orders/standard/apply', 'GET /openapi/swagger.json', 'GET /openapi/docs']) {
      expect(ops.has(expected), expected).toBe(true);
    }
    expect(Object.keys(doc.paths).filter((path) => !path.startsWith('/openapi/'))).toEqual([]);
    expect(p.app.registeredRoutes.some((r) => r.url.startsWith('/admin/v1/'))).toBe(true);
  });

  it('declares an OAuth2 client credentials flow on the token endpoint, with the one scope, for Swagger UI to sign in', async () => {
    expect(doc.components.securitySchemes.oauth2).toEqual({
      type: 'oauth2', description: expect.any(String),
      flows: { clientCredentials: { tokenUrl: '/openapi/connect/token', scopes: { openapi: expect.any(String) } } },
    });
    // The flow really works as declared: the token URL, form fields and scope give a token /v1 accepts.
    const c = await p.customer();
    const flow = doc.components.securitySchemes.oauth2.flows.clientCredentials;
    const issued = await p.app.inject({
      method: 'POST', url: flow.tokenUrl, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}` },
      payload: new URLSearchParams({ grant_type: 'client_credentials', scope: Object.keys(flow.scopes).join(' ') }).toString(),
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect((await p.api('GET', '/v1/ping', { token: issued.json().access_token })).statusCode).toBe(200);
  });

  it('secures /v1 with the bearer JWT scheme, and the token endpoint with HTTP Basic or form credentials', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes.clientBasic).toMatchObject({ type: 'http', scheme: 'basic' });
    for (const [key, op] of ops) {
      if (key.includes('/openapi/v1/')) expect(op.security, key).toEqual([{ bearerAuth: [] }, { oauth2: ['openapi'] }]);
    }
    const token = ops.get('POST /openapi/connect/token')!;
    expect(token.security).toEqual([{ clientBasic: [] }, {}]);
    const form = token.requestBody.content['application/x-www-form-urlencoded'];
    expect(Object.keys(form.schema.properties).sort()).toEqual(['client_id', 'client_secret', 'grant_type', 'scope']);
    expect(Object.keys(token.responses['200'].content['application/json'].schema.properties).sort())
      .toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    // Swagger UI's form shows each field's example: real values, never its placeholder "string".
    expect(Object.fromEntries(Object.entries(form.schema.properties as Json).map(([name, field]) => [name, field.examples?.[0]])))
      .toMatchObject({ grant_type: 'client_credentials', scope: 'openapi', client_id: expect.any(String), client_secret: expect.any(String) });
    for (const field of Object.values(form.schema.properties as Json)) expect(field.examples[0]).not.toBe('string');
    expect(codesOfToken(token, '429')).toEqual(['slow_down']);
    expect(token.responses['429'].headers['Retry-After']).toBeDefined();
    // The reference itself is open.
    expect(ops.get('GET /openapi/swagger.json')!.security).toEqual([]);
    expect(ops.get('GET /openapi/docs')!.security).toEqual([]);
  });

  it('documents each error response with the ErrorEnvelope schema and examples whose codes have that status', () => {
    expect(Object.keys(doc.components.schemas.ErrorEnvelope.properties).sort()).toEqual(['data', 'errorCode', 'errorMessage', 'hasError', 'responseId']);
    const codesOf = (op: Json, status: string) => Object.keys(op.responses[status]?.content['application/json'].examples ?? {});
    for (const [key, op] of ops) {
      if (key === 'POST /openapi/connect/token') continue;
      expect(op.responses['500'], key).toBeDefined();
      for (const [status, response] of Object.entries(op.responses as Json).filter(([s]) => /^[45]/.test(s))) {
        expect(response.content['application/json'].schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
        for (const code of codesOf(op, status)) expect(ERRORS[code as ErrorCode]?.status, `${key} ${status} ${code}`).toBe(Number(status));
      }
      if (key.includes('/openapi/v1/')) {
        expect(codesOf(op, '401'), key).toEqual(['UNAUTHORIZED', 'INVALID_TOKEN']);
        expect(codesOf(op, '403'), key).toEqual(['INSUFFICIENT_SCOPE', 'CUSTOMER_DISABLED']);
        expect(codesOf(op, '429'), key).toEqual(['RATE_LIMITED']);
        expect(op.responses['429'].headers['Retry-After'], key).toBeDefined();
      }
      if (op.requestBody) expect(codesOf(op, '400'), key).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'MALFORMED_JSON']));
    }
    expect(codesOf(ops.get('GET /openapi/v1/cards/{cardId}')!, '404')).toEqual(['CARD_NOT_FOUND']);
    expect(codesOf(ops.get('POST /openapi/v1/orders/standard/topup')!, '409')).toEqual(['CARD_OPERATION_PENDING', 'ORDER_NO_CONFLICT']);
    const token = ops.get('POST /openapi/connect/token')!;
    expect(token.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/TokenError' });
    expect(codesOf(token, '401')).toEqual(['invalid_client']);
  });

  it('documents the errors the server really answers with', async () => {
    const c = await p.customer();
    const documented = (key: string, status: number, code: string) =>
      Object.keys(ops.get(key)!.responses[String(status)]?.content['application/json'].examples ?? {}).includes(code);
    const cases: Array<[string, () => Promise<{ statusCode: number; json: any }>, (json: any) => string]> = [
      ['GET /openapi/v1/products', () => p.api('GET', '/v1/products'), (j) => j.errorCode],
      ['GET /openapi/v1/cards/{cardId}', () => p.api('GET', '/v1/cards/CARDNOPE', { token: c.token }), (j) => j.errorCode],
      ['POST /openapi/v1/orders/standard/topup', () => p.api('POST', '/v1/orders/standard/topup', { token: c.token, body: '{"cardId":', headers: { 'content-type': 'application/json' } }), (j) => j.errorCode],
      ['POST /openapi/v1/orders/standard/topup', () => p.api('POST', '/v1/orders/standard/topup', { token: c.token, body: 'x', headers: { 'content-type': 'text/plain' } }), (j) => j.errorCode],
      ['POST /openapi/v1/orders/standard/topup', () => p.api('POST', '/v1/orders/standard/topup', { token: c.token, body: { cardId: 'CARDNOPE', topUpAmount: 5 } }), (j) => j.errorCode],
      ['POST /openapi/connect/token', () => p.api('POST', '/connect/token', { body: 'grant_type=client_credentials&client_id=x&client_secret=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), (j) => j.error],
      ['GET /openapi/docs/assets/{file}', () => p.api('GET', '/docs/assets/nothing.js'), (j) => j.errorCode],
    ];
    for (const [key, call, codeOf] of cases) {
      const response = await call();
      expect(response.statusCode, key).toBeGreaterThanOrEqual(400);
      expect(documented(key, response.statusCode, codeOf(response.json)), `${key}: ${response.statusCode} ${codeOf(response.json)}`).toBe(true);
    }
  });

  it('has an example for every request body, JSON success response and error, each valid against its schema', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const resolve = (schema: Json) => (schema.$ref ? doc.components.schemas[String(schema.$ref).split('/').pop()!] : schema);
    const check = (where: string, schema: Json, value: unknown) => {
      const valid = ajv.validate(resolve(schema), value);
      expect(valid, `${where}: ${ajv.errorsText()}`).toBe(true);
    };
    let bodies = 0;
    for (const [key, op] of ops) {
      for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Json)) {
        expect(media.example, `${key} ${type}`).toBeDefined();
        check(`${key} request`, media.schema, media.example);
        bodies += 1;
      }
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const media = response.content?.['application/json'];
        if (!media) continue;
        if (status === '200') {
          expect(media.example, `${key} 200`).toBeDefined();
          check(`${key} 200`, media.schema, media.example);
        } else {
          expect(Object.keys(media.examples ?? {}).length, `${key} ${status}`).toBeGreaterThan(0);
          for (const [name, example] of Object.entries(media.examples as Json)) check(`${key} ${status} ${name}`, media.schema, example.value);
        }
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(7);
  });

  it('is generated for the configured base path', async () => {
    const other = await createTestPlatform({ products: false, config: { basePath: '/cards-api' } });
    try {
      const otherDoc = await fetchDocument(other, '/cards-api');
      expect(Object.keys(otherDoc.paths).every((path) => path.startsWith('/cards-api/'))).toBe(true);
      expect(otherDoc.paths['/cards-api/v1/products'].get).toBeDefined();
      expect(otherDoc.paths['/cards-api/connect/token'].post).toBeDefined();
      expect(otherDoc.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe('/cards-api/connect/token');
      expect((await validateCopy(otherDoc)).valid).toBe(true);
      expect((await other.app.inject({ method: 'GET', url: '/openapi/swagger.json' })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });
});
