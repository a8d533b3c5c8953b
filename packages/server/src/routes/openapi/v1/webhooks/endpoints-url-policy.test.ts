import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';

// Inward targets a production endpoint must not reach (SSRF), written as a customer might try them.
// IP literals and localhost (from /etc/hosts): the tests need no outside DNS.
const INWARD = ['https://127.0.0.1/hook', 'https://localhost/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook',
  'https://10.1.2.3/hook', 'https://192.168.1.20/hook', 'https://[::ffff:127.0.0.1]/hook', 'https://0.0.0.0/hook'];
// A public address (TEST-NET ranges are refused too, so a real one): no DNS lookup for a literal.
const PUBLIC = 'https://93.184.215.14/cardepass';

describe('webhook endpoint URLs in production', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  const create = (body: unknown) => p.api('POST', '/v1/webhooks/endpoints', { token: c.token, body });
  beforeAll(async () => {
    p = await createTestPlatform({ products: false, config: { environment: 'production' } });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('refuses plain http', async () => {
    const response = await create({ url: 'http://93.184.215.14/cardepass' });
    expect(response.statusCode).toBe(400);
    expect(response.json).toMatchObject({ errorCode: 'WEBHOOK_URL_REFUSED', errorMessage: "'url' is refused: production endpoints must use https" });
  });

  it('refuses loopback, private, link-local and metadata targets', async () => {
    for (const url of INWARD) {
      const response = await create({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json, url).toMatchObject({
        errorCode: 'WEBHOOK_URL_REFUSED', errorMessage: "'url' is refused: it resolves to a loopback, private, link-local or metadata address",
      });
    }
    // In Chinese too.
    const zh = await p.api('POST', '/v1/webhooks/endpoints', { token: c.token, body: { url: INWARD[0] }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.json.errorMessage).toBe("'url' 不被接受：解析到回环、私有、链路本地或元数据地址");
    expect((await p.api('GET', '/v1/webhooks/endpoints', { token: c.token })).json.data).toEqual([]);
  });

  it('accepts a public https address', async () => {
    const response = await create({ url: PUBLIC });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data.url).toBe(PUBLIC);
  });

  it('refuses an inward URL on update too, leaving the endpoint as it was', async () => {
    const { endpointId } = (await create({ url: `${PUBLIC}/u` })).json.data;
    for (const url of ['https://127.0.0.1/u', 'http://93.184.215.14/u']) {
      const response = await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/update`, { token: c.token, body: { url } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json.errorCode, url).toBe('WEBHOOK_URL_REFUSED');
    }
    expect((await p.api('GET', `/v1/webhooks/endpoints/${endpointId}`, { token: c.token })).json.data.url).toBe(`${PUBLIC}/u`);
  });

  it('refuses deliveryFaults, on create and on update: fault injection is a sandbox tool', async () => {
    const faults = { duplicateRate: 0.1, reorderWindowS: 5 };
    const created = await create({ url: PUBLIC, deliveryFaults: faults });
    expect(created.statusCode).toBe(400);
    expect(created.json).toMatchObject({ errorCode: 'DELIVERY_FAULTS_SANDBOX_ONLY', errorMessage: "'deliveryFaults' is available in the sandbox only" });
    const { endpointId } = (await create({ url: `${PUBLIC}/f` })).json.data;
    const updated = await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/update`, { token: c.token, body: { deliveryFaults: faults } });
    expect(updated.json.errorCode).toBe('DELIVERY_FAULTS_SANDBOX_ONLY');
    // Removing faults (null) is always allowed.
    expect((await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/update`, { token: c.token, body: { deliveryFaults: null } })).statusCode).toBe(200);
  });
});

describe('webhook endpoint URLs in production with CARDEPASS_WEBHOOK_ALLOW_PRIVATE', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false, config: { environment: 'production', webhookAllowPrivate: true } });
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('accepts private and loopback targets, but still only over https', async () => {
    for (const url of INWARD.slice(0, 6)) {
      const response = await p.api('POST', '/v1/webhooks/endpoints', { token: c.token, body: { url } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    }
    const plain = await p.api('POST', '/v1/webhooks/endpoints', { token: c.token, body: { url: 'http://10.1.2.3/hook' } });
    expect(plain.json.errorCode).toBe('WEBHOOK_URL_REFUSED');
  });
});
