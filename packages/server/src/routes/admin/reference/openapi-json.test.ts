// GET /admin/v1/openapi.json: the operator API's own OpenAPI 3.1 document
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = (doc: Json): Array<[string, Json]> => Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).filter(([method]) => METHODS.includes(method)).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op as Json] as [string, Json]));
const validateCopy = (doc: Json) => validate(structuredClone(doc) as Parameters<typeof validate>[0]);

describe('GET /admin/v1/openapi.json', () => {
  let p: TestPlatform;
  let doc: Json;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    // No credentials: it is documentation, like the integrator document.
    const response = await p.app.inject({ method: 'GET', url: '/admin/v1/openapi.json' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    doc = response.json();
  });
  afterAll(async () => { await p?.close(); });

  it('is an OpenAPI 3.1 document that a real validator accepts (and that rejects a broken copy)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Cardepass operator API');
    const result = await validateCopy(doc);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    const broken = structuredClone(doc);
    delete broken.paths['/admin/v1/ledger/accounts/{accountId}'].get.parameters;
    expect((await validateCopy(broken)).valid).toBe(false);
  });

  it('describes every registered /admin/v1 route, and no integrator route', () => {
    const registered = new Set(p.app.registeredRoutes
      .filter((r) => r.url.startsWith('/admin/v1/'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    const documented = operations(doc).map(([key]) => key);
    expect(documented.sort()).toEqual([...registered].sort());
    expect(documented.some((key) => key.includes('/openapi/'))).toBe(false);
    for (const expected of ['GET /admin/v1/ledger/entries', 'GET /admin/v1/stats/daily', 'GET /admin/v1/audit/verify', 'PATCH /admin/v1/products/{productCode}', 'GET /admin/v1/openapi.json']) {
      expect(documented).toContain(expected);
    }
  });

  it('says which permission each operation needs and how to authenticate', () => {
    const ops = new Map(operations(doc));
    const ledger = ops.get('GET /admin/v1/ledger/accounts')!;
    expect(ledger['x-permission']).toBe('ledger.read');
    expect(ledger.security).toEqual([{ adminKey: [] }, { adminBearer: [] }, { sessionCookie: [] }]);
    expect(ledger.parameters.map((x: Json) => x.name)).toEqual(expect.arrayContaining(['customerId', 'currency', 'type', 'PageNumber', 'PageSize']));
    expect(ops.get('GET /admin/v1/openapi.json')!.security).toEqual([]);
    for (const [key, op] of ops) expect(op['x-permission'], key).toEqual(expect.any(String));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['adminBearer', 'adminKey', 'sessionCookie']);
  });

  it('leaves the integrator document without any operator route', async () => {
    const integrator = (await p.app.inject({ method: 'GET', url: '/openapi/swagger.json' })).json();
    expect(Object.keys(integrator.paths).some((path) => path.startsWith('/admin/'))).toBe(false);
  });
});
