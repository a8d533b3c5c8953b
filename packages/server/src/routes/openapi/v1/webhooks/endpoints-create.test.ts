import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { sql } from 'kysely';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { sign } from '../../../../services/webhooks/signing.ts';
import { openSecret } from '../../../../services/webhooks/endpoint-secrets.ts';

const FIELDS = ['createdOn', 'deliveryFaults', 'description', 'disabledReason', 'endpointId', 'eventTypes', 'modifiedOn', 'secret', 'status', 'url'];

describe('POST /openapi/v1/webhooks/endpoints', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  const create = (token: string | null, body: unknown) => p.api('POST', '/v1/webhooks/endpoints', { token, body });
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('registers an endpoint, Enabled, with a whsec_ secret shown once and every documented field', async () => {
    const before = Date.now();
    const response = await create(c.token, { url: 'http://127.0.0.1:4999/hook', eventTypes: ['card.updated', 'order.completed'], description: 'ops' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const endpoint = response.json.data;
    expect(Object.keys(endpoint).sort()).toEqual(FIELDS);
    expect(endpoint).toMatchObject({
      url: 'http://127.0.0.1:4999/hook', eventTypes: ['card.updated', 'order.completed'], description: 'ops',
      status: 'Enabled', disabledReason: null, deliveryFaults: null,
    });
    expect(endpoint.endpointId).toMatch(/^we_[0-9a-z]{24}$/);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(new Date(endpoint.createdOn).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(endpoint.modifiedOn).toBe(endpoint.createdOn);
  });

  it('subscribes to every event type when eventTypes is absent or null (stored as NULL)', async () => {
    for (const body of [{ url: 'http://localhost:4999/a' }, { url: 'http://localhost:4999/b', eventTypes: null }]) {
      const response = await create(c.token, body);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json.data).toMatchObject({ eventTypes: null, description: null });
      const { rows } = await sql<{ event_types: string[] | null }>`SELECT event_types FROM webhook_endpoints WHERE id = ${response.json.data.endpointId}`.execute(p.store.db);
      expect(rows[0]!.event_types).toBeNull();
    }
  });

  it('gives a secret that Standard Webhooks\' own library verifies our signatures with, and a different secret per endpoint', async () => {
    const first = (await create(c.token, { url: 'http://localhost:4999/sig' })).json.data;
    const second = (await create(c.token, { url: 'http://localhost:4999/sig2' })).json.data;
    expect(first.secret).not.toBe(second.secret);
    const body = JSON.stringify({ type: 'webhook.test', data: { hello: 'world' } });
    const timestampS = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(timestampS), 'webhook-signature': sign(first.secret, 'evt_1', timestampS, body) };
    expect(new Webhook(first.secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(second.secret).verify(body, headers)).toThrow();
  });

  it('stores the secret sealed, never in clear, and bound to its endpoint', async () => {
    const { endpointId, secret } = (await create(c.token, { url: 'http://localhost:4999/sealed' })).json.data;
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM webhook_endpoints WHERE id = ${endpointId}`.execute(p.store.db);
    const row = rows[0]!;
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice('whsec_'.length));
    const sealed = { encrypted: row.secret_encrypted as string, keyVersion: row.secret_key_version as number };
    expect(await openSecret(p.app.ctx.keys.dataKeys, endpointId, sealed)).toBe(secret);
    // The AAD binds it to its endpoint: copied onto another endpoint's row it does not open.
    await expect(openSecret(p.app.ctx.keys.dataKeys, 'we_someotherendpoint00000', sealed)).rejects.toThrow();
  });

  it('accepts deliveryFaults in the sandbox', async () => {
    const response = await create(c.token, { url: 'http://localhost:4999/faults', deliveryFaults: { duplicateRate: 0.5, reorderWindowS: 10 } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data.deliveryFaults).toEqual({ duplicateRate: 0.5, reorderWindowS: 10 });
  });

  it('refuses URLs that are not absolute http(s), carry credentials or a fragment', async () => {
    const d = await p.customer();
    for (const url of ['hooks.example.com/x', '/relative', 'ftp://127.0.0.1/x', 'javascript:alert(1)', 'https://user:pw@127.0.0.1/x', 'http://127.0.0.1/x#frag']) {
      const response = await create(d.token, { url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json, url).toMatchObject({ hasError: true, errorCode: 'WEBHOOK_URL_REFUSED', data: null });
      expect(response.json.errorMessage, url).toMatch(/^'url' is refused: /);
    }
    expect((await p.api('GET', '/v1/webhooks/endpoints', { token: d.token })).json.data).toEqual([]);
  });

  it('validates every field: length, event types, duplicates, unknown fields', async () => {
    const d = await p.customer();
    const base = 'http://localhost/';
    const cases: unknown[] = [
      {}, { url: '' }, { url: base + 'x'.repeat(2049 - base.length) }, { url: 42 },
      { url: base, eventTypes: ['card.exploded'] }, { url: base, eventTypes: ['card.updated', 'card.updated'] }, { url: base, eventTypes: [] },
      { url: base, eventTypes: 'card.updated' }, { url: base, extra: 1 }, { url: base, deliveryFaults: { duplicateRate: 2 } },
      { url: base, deliveryFaults: { reorderWindowS: 5, other: 1 } }, { url: base, description: 'x'.repeat(501) },
    ];
    for (const body of cases) {
      const response = await create(d.token, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.json.errorCode, JSON.stringify(body).slice(0, 80)).toBe('VALIDATION_FAILED');
    }
    // 2,048 characters is the limit, not one less.
    const longest = await create(d.token, { url: base + 'x'.repeat(2048 - base.length) });
    expect(longest.statusCode, longest.body).toBe(200);
    expect(longest.json.data.url).toHaveLength(2048);
  });

  it('allows 10 endpoints per customer; the 11th is WEBHOOK_ENDPOINT_LIMIT until one is deleted', async () => {
    const d = await p.customer();
    for (let i = 0; i < 10; i++) expect((await create(d.token, { url: `http://localhost/${i}` })).statusCode).toBe(200);
    const eleventh = await create(d.token, { url: 'http://localhost/11' });
    expect(eleventh.statusCode).toBe(409);
    expect(eleventh.json).toMatchObject({ errorCode: 'WEBHOOK_ENDPOINT_LIMIT', errorMessage: 'A customer may have at most 10 webhook endpoints' });
    // Another customer's endpoints do not count toward this one's.
    expect((await create(c.token, { url: 'http://localhost/other' })).statusCode).toBe(200);
    const [first] = (await p.api('GET', '/v1/webhooks/endpoints', { token: d.token })).json.data;
    expect((await p.api('POST', `/v1/webhooks/endpoints/${first.endpointId}/delete`, { token: d.token })).statusCode).toBe(200);
    expect((await create(d.token, { url: 'http://localhost/11' })).statusCode).toBe(200);
    expect((await create(d.token, { url: 'http://localhost/12' })).statusCode).toBe(409);
  });

  it('holds the limit under 15 concurrent creates: exactly 10 succeed', async () => {
    const d = await p.customer();
    const responses = await Promise.all(Array.from({ length: 15 }, (_, i) => create(d.token, { url: `http://localhost/race/${i}` })));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(responses.filter((r) => r.statusCode === 409 && r.json.errorCode === 'WEBHOOK_ENDPOINT_LIMIT')).toHaveLength(5);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM webhook_endpoints WHERE customer_id = ${d.customerId}`.execute(p.store.db);
    expect(rows[0]!.n).toBe(10);
  });

  it('needs a token, and creates nothing without one', async () => {
    const response = await create(null, { url: 'http://localhost/anon' });
    expect(response.statusCode).toBe(401);
    expect(response.json).toMatchObject({ hasError: true, errorCode: 'UNAUTHORIZED', data: null });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM webhook_endpoints WHERE url = 'http://localhost/anon'`.execute(p.store.db);
    expect(rows[0]!.n).toBe(0);
  });
});
