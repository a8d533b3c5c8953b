// The sender's bounds against a real HTTP server on 127.0.0.1: one timer for
// the whole exchange (a receiver that sends headers then stalls is a
// timeout), at most 64 KiB of response read, no redirects, network errors
// named, and a send cut by shutdown reported as aborted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BODY_BYTES, sendWebhook, type WebhookRequest } from './http-sender.ts';

const SANDBOX = { requireHttps: false, allowPrivate: true };
let server: http.Server;
let base = '';
let bodyBytesSent = 0;
const seen: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/ok') { res.writeHead(204); res.end(); return; }
      if (req.url === '/stall-body') { res.writeHead(200, { 'content-type': 'text/plain' }); res.write('partial'); return; }
      if (req.url === '/hang') return;
      if (req.url === '/huge') {
        // Streams without end: the sender must stop reading, not buffer it or wait for it.
        res.writeHead(200);
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const pump = () => { while (!res.destroyed && res.write(chunk)) { bodyBytesSent += chunk.length; if (bodyBytesSent > 64 * 1024 * 1024) return; } if (!res.destroyed) res.once('drain', pump); };
        pump();
        return;
      }
      if (req.url === '/retry') { res.writeHead(429, { 'retry-after': '12' }); res.end('slow down'); return; }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)); });

const send = (path: string, extra: Partial<WebhookRequest> = {}) =>
  sendWebhook({ url: `${base}${path}`, headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' }, body: '{"a":1}', timeout_ms: 500, policy: SANDBOX, ...extra });

describe('sendWebhook', () => {
  it('POSTs the body with the given headers and reports the status', async () => {
    const answer = await send('/ok');
    expect(answer).toMatchObject({ status: 204, error: null, aborted: false });
    const request = seen.at(-1)!;
    expect(request.body).toBe('{"a":1}');
    expect(request.headers['webhook-id']).toBe('evt_1');
    expect(request.headers['content-length']).toBe('7');
    expect(request.headers['user-agent']).toMatch(/^Cardepass-Webhooks\//);
  });

  it('passes on Retry-After', async () => {
    expect(await send('/retry')).toMatchObject({ status: 429, retryAfter: '12' });
  });

  it('times out the whole exchange: no answer, or headers then a stalled body', async () => {
    for (const path of ['/hang', '/stall-body']) {
      const answer = await send(path, { timeout_ms: 300 });
      expect(answer.status, path).toBeNull();
      expect(answer.error, path).toBe('timeout: no complete answer within 300 ms');
      expect(answer.duration_ms, path).toBeGreaterThanOrEqual(295);
      expect(answer.duration_ms, path).toBeLessThan(1000);
    }
  });

  it('reads at most 64 KiB of a response and stops the receiver sending more', async () => {
    const answer = await send('/huge', { timeout_ms: 5000 });
    expect(answer).toMatchObject({ status: 200, error: null });
    expect(answer.duration_ms).toBeLessThan(2000);
    // The socket is closed after the cap: the server could not push megabytes more (kernel buffers aside).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bodyBytesSent).toBeLessThan(16 * 1024 * 1024);
    expect(MAX_RESPONSE_BODY_BYTES).toBe(65_536);
  });

  it('names network errors and refuses forbidden targets before connecting', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await sendWebhook({ url: `http://127.0.0.1:${port}/`, headers: {}, body: '', timeout_ms: 1000, policy: SANDBOX }))
      .toMatchObject({ status: null, error: 'network error: connection refused (ECONNREFUSED)' });
    const production = { requireHttps: true, allowPrivate: false };
    expect((await send('/ok', { policy: production })).error).toBe('refused: production endpoints must use https');
    expect((await sendWebhook({ url: 'https://127.0.0.1:1/', headers: {}, body: '', timeout_ms: 1000, policy: production })).error)
      .toBe('refused: 127.0.0.1 is a loopback, private, link-local or metadata address');
    expect((await sendWebhook({ url: 'ftp://example.com/', headers: {}, body: '', timeout_ms: 1000, policy: SANDBOX })).error)
      .toBe('refused: only http and https URLs are allowed');
  });

  it('an abort (worker shutdown) cuts the send and says so', async () => {
    const cut = new AbortController();
    const pending = send('/hang', { timeout_ms: 5000, signal: cut.signal });
    setTimeout(() => cut.abort(), 100);
    const answer = await pending;
    expect(answer.aborted).toBe(true);
    expect(answer.duration_ms).toBeLessThan(1000);
  });
});
