import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';

/** Every src and href of a page. */
const referencedUrls = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!.replace(/&#38;/g, '&'));

describe('GET /openapi/docs', () => {
  let p: TestPlatform;
  let html: string;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    const response = await p.app.inject({ method: 'GET', url: '/openapi/docs' });
    expect(response.statusCode, response.body).toBe(200);
    html = response.body;
  });
  afterAll(async () => { await p?.close(); });

  it('answers an HTML page without a token', async () => {
    const response = await p.app.inject({ method: 'GET', url: '/openapi/docs' });
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<div id="swagger-ui" data-url="/openapi/swagger.json"></div>');
  });

  it('has no inline script or style, and a policy that would refuse them', async () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/openapi\/docs\/assets\//);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\bstyle="|\bon[a-z]+=/i);
    const response = await p.app.inject({ method: 'GET', url: '/openapi/docs' });
    const policy = String(response.headers['content-security-policy']);
    // Scripts from this server only: no 'unsafe-inline', no nonce or hash that would let an inline script run.
    expect(policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))).toBe("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("default-src 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('loads the document from this server', async () => {
    const init = await p.app.inject({ method: 'GET', url: referencedUrls(html).find((u) => u.includes('docs-init.js'))! });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain("root.getAttribute('data-url')");
    expect(init.body).toContain('SwaggerUIBundle(');
    const document = await p.app.inject({ method: 'GET', url: '/openapi/swagger.json' });
    expect(document.statusCode).toBe(200);
    expect(document.json().openapi).toBe('3.1.0');
    // Swagger UI would otherwise send the document to validator.swagger.io.
    expect(init.body).toContain('validatorUrl: null');
  });

  it('references no other host: no http(s) URL anywhere in the page', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/(?:src|href)="\/\//);
  });

  it('serves every script, style and icon it references from the base path', async () => {
    const urls = referencedUrls(html);
    expect(urls.length).toBe(5);
    const types: string[] = [];
    for (const url of urls) {
      expect(url.startsWith('/openapi/docs/assets/'), url).toBe(true);
      const response = await p.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.rawPayload.length, url).toBeGreaterThan(0);
      types.push(String(response.headers['content-type']).split(';')[0]!);
    }
    expect(types.sort()).toEqual(['image/png', 'text/css', 'text/css', 'text/javascript', 'text/javascript']);
    const script = await p.app.inject({ method: 'GET', url: urls.find((u) => u.includes('swagger-ui-bundle.js'))! });
    expect(script.body).toContain('SwaggerUIBundle');
    // The stylesheet pulls no fonts or images from elsewhere either.
    const style = await p.app.inject({ method: 'GET', url: urls.find((u) => u.includes('.css'))! });
    expect(style.body).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
  });

  it('serves only the page\'s own files', async () => {
    for (const file of ['nothing.js', 'index.html', 'oauth2-redirect.html', '..%2Fpackage.json', '%2E%2E%2F%2E%2E%2Fpackage.json']) {
      const response = await p.app.inject({ method: 'GET', url: `/openapi/docs/assets/${file}` });
      expect(response.statusCode, file).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, file).toBeLessThan(500);
      expect(response.json(), file).toMatchObject({ hasError: true, data: null });
    }
    const missing = await p.app.inject({ method: 'GET', url: '/openapi/docs/assets/nothing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errorCode).toBe('ROUTE_NOT_FOUND');
  });

  it('answers the same page with a trailing slash, its URLs being absolute', async () => {
    const response = await p.app.inject({ method: 'GET', url: '/openapi/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(html);
  });

  it('follows a non-default base path', async () => {
    const other = await createTestPlatform({ products: false, config: { basePath: '/cards-api' } });
    try {
      const page = await other.app.inject({ method: 'GET', url: '/cards-api/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-url="/cards-api/swagger.json"');
      for (const url of referencedUrls(page.body)) {
        expect(url.startsWith('/cards-api/docs/assets/'), url).toBe(true);
        expect((await other.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
      }
      expect((await other.app.inject({ method: 'GET', url: '/openapi/docs' })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });
});
