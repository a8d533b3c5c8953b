import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../test/harness.ts';
import { applyCard } from '../../test/standard-kit.ts';
import { API_CSP, HSTS, HTML_CSP } from './security-headers.ts';

type Answer = { statusCode: number; headers: Record<string, unknown>; body: string };

/** Every kind of answer the platform gives: successes, errors of each layer, pages and files. */
async function everyKindOfAnswer(p: TestPlatform, c: TestCustomer, cardId: string): Promise<Array<[string, Answer]>> {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const inject = (method: string, url: string, headers: Record<string, string> = {}, payload?: string) =>
    p.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
  return [
    ['GET /healthz', await inject('GET', '/healthz')],
    ['404 unknown route', await inject('GET', '/nothing/here')],
    ['400 broken URL (router error, no hooks)', await inject('GET', '/openapi/v1/cards/%E0%A4%A')],
    ['GET card (PAN, CVV)', await p.api('GET', `/v1/cards/${cardId}`, { token: c.token })],
    ['401 /v1 without token', await p.api('GET', '/v1/ping')],
    ['400 /v1 malformed JSON', await p.api('POST', '/v1/orders/standard/topup', { token: c.token, body: '{"cardId":', headers: { 'content-type': 'application/json' } })],
    ['token 200', await inject('POST', '/openapi/connect/token', form, new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret }).toString())],
    ['token 401', await inject('POST', '/openapi/connect/token', form, 'grant_type=client_credentials&client_id=x&client_secret=y')],
    ['admin create customer (secret)', await p.admin('POST', '/customers', { name: 'Headers Ltd' })],
    ['admin 401', await inject('GET', '/admin/v1/customers', { 'x-admin-key': 'wrong' })],
    ['swagger.json', await inject('GET', '/openapi/swagger.json')],
    ['docs page', await inject('GET', '/openapi/docs')],
    ['docs asset', await inject('GET', '/openapi/docs/assets/docs-init.js')],
    ['docs asset 404', await inject('GET', '/openapi/docs/assets/nothing.js')],
  ];
}

describe('security headers', () => {
  let p: TestPlatform;
  let answers: Array<[string, Answer]>;
  beforeAll(async () => {
    p = await createTestPlatform();
    const c = await p.customer({ USD: '100' });
    const { cardId } = await applyCard(p, c, '10');
    answers = await everyKindOfAnswer(p, c, cardId);
  });
  afterAll(async () => { await p?.close(); });

  it('every answer, error or not, has nosniff, no-referrer, DENY and a frame-ancestors policy, and no HSTS by default', () => {
    expect(answers.map(([, a]) => a.statusCode)).toEqual([200, 404, 400, 200, 401, 400, 200, 401, 200, 401, 200, 200, 200, 404]);
    for (const [name, answer] of answers) {
      expect(answer.headers['x-content-type-options'], name).toBe('nosniff');
      expect(answer.headers['referrer-policy'], name).toBe('no-referrer');
      expect(answer.headers['x-frame-options'], name).toBe('DENY');
      expect(answer.headers['content-security-policy'], name).toContain("frame-ancestors 'none'");
      expect(answer.headers['strict-transport-security'], name).toBeUndefined();
    }
  });

  it('nothing is cached but the versioned reference files: no-store on every API, token and admin answer', () => {
    for (const [name, answer] of answers) {
      expect(answer.headers['cache-control'], name).toBe(name === 'docs asset' ? 'public, max-age=86400' : 'no-store');
    }
    // The answers that carry a PAN, CVV, secret or token are among them.
    const card = JSON.parse(answers.find(([name]) => name === 'GET card (PAN, CVV)')![1].body).data;
    expect(card.cardNumber).toMatch(/^\d{16}$/);
    expect(card.cvv).toMatch(/^\d{3}$/);
  });

  it('the HTML page gets the page policy; everything else the API policy', () => {
    for (const [name, answer] of answers) {
      const html = String(answer.headers['content-type']).startsWith('text/html');
      expect(html, name).toBe(name === 'docs page');
      expect(answer.headers['content-security-policy'], name).toBe(html ? HTML_CSP : API_CSP);
    }
    expect(HTML_CSP).not.toMatch(/script-src[^;]*(unsafe|nonce|sha)/);
  });

  it('CARDEPASS_HSTS=true adds Strict-Transport-Security everywhere, router errors included', async () => {
    const secure = await createTestPlatform({ config: { hsts: true } });
    try {
      const c = await secure.customer({ USD: '100' });
      const { cardId } = await applyCard(secure, c, '10');
      for (const [name, answer] of await everyKindOfAnswer(secure, c, cardId)) {
        expect(answer.headers['strict-transport-security'], name).toBe(HSTS);
      }
    } finally {
      await secure.close();
    }
  });
});
