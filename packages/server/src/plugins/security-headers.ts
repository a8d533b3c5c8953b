import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';

/**
 * The HTML pages' policy (the API reference): scripts and styles only from this
 * server and no inline script at all, so an injected <script> cannot run; the
 * page may fetch only this server (the document, "Try it out", the token form);
 * no page may frame it. Swagger UI sets inline style attributes and uses data:
 * images in its stylesheet, hence those two allowances — neither runs code.
 */
export const HTML_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "font-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * The console's pages (/console, plugins/console-assets.ts): its own scripts and styles only (the
 * build emits no inline script or style), data: images (the two-factor QR code), requests to this
 * server only, and `default-src 'self'` for what else it loads (its icon, its chunks).
 */
export const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
].join('; ');
const isConsolePath = (url: string) => url === '/console' || url.startsWith('/console/') || url.startsWith('/console?');

// A 304 has no content type, yet the browser replaces the cached page's headers with its own:
// under /console it must carry the page's policy, or the revalidated page loads nothing.
function policyFor(reply: FastifyReply, html: boolean): string {
  if (isConsolePath(reply.request.url) && (html || reply.statusCode === 304)) return CONSOLE_CSP;
  return html ? HTML_CSP : API_CSP;
}

/** Everything else (JSON, scripts, images) is never a document to render or frame. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const HSTS = 'max-age=31536000';

export interface SecurityHeaderOptions { hsts: boolean }

/**
 * Sets the headers on one reply. Cache-Control: no-store unless the route chose its own
 * caching (the reference page's versioned assets): every /v1, /admin/v1 and token answer may
 * carry a PAN, CVV, client secret or token, and no proxy or browser cache should keep one.
 */
export function applySecurityHeaders(reply: FastifyReply, options: SecurityHeaderOptions): void {
  const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
  reply.header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', policyFor(reply, html));
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  if (options.hsts) reply.header('strict-transport-security', HSTS);
}

/**
 * An onSend hook rather than @fastify/helmet: helmet sets its headers in onRequest, before
 * the answer's content type is known, so it cannot give HTML its own policy and everything
 * else the strict one, nor leave a route's own Cache-Control alone; and most of its defaults
 * (COEP, COOP, Origin-Agent-Cluster, upgrade-insecure-requests…) are for web sites and would
 * need switching off one by one. onSend runs for every answer, errors and 404s included;
 * router errors that never reach the hooks call applySecurityHeaders themselves (app.ts).
 */
export default fp<SecurityHeaderOptions>(async (app, options) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    applySecurityHeaders(reply, options);
    return payload;
  });
});
