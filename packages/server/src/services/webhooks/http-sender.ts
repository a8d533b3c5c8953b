import http from 'node:http';
import https from 'node:https';
import { ApiError } from '../../lib/api-error.ts';
import { checkUrlForm, guardedLookup, isForbiddenLiteral, type UrlPolicy } from './url-policy.ts';

/**
 * One webhook POST over node:http(s). Bounded in every way a receiver could
 * abuse: one timer covers the whole exchange (connect, send, response, body),
 * the response body is read up to 64 KiB and thrown away (we only need the
 * status), redirects are not followed (a 3xx is an answer like any other),
 * and the address is checked at connect time by the guarded lookup, so a DNS
 * name that was public at registration and now points inward is refused.
 */

// Receivers should answer with an empty or tiny body; reading more would only cost memory.
export const MAX_RESPONSE_BODY_BYTES = 64 * 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeout_ms: number;
  policy: UrlPolicy;
  /** Aborts the exchange (worker shutdown); the result then has aborted: true. */
  signal?: AbortSignal;
}

export interface WebhookResponse {
  /** The HTTP status, or null when there was no response (timeout, network error, refusal). */
  status: number | null;
  /** Why there was no (complete) response; null when there was one. */
  error: string | null;
  retryAfter: string | null;
  duration_ms: number;
  aborted: boolean;
}

const USER_AGENT = 'Cardepass-Webhooks/1.0 (+https://www.standardwebhooks.com/)';

/** Why a URL may not be called now: its form or its literal address (the lookup checks names). */
function refusal(url: string, policy: UrlPolicy): { target: URL } | { refused: string } {
  let target: URL;
  try {
    target = checkUrlForm(url, policy);
  } catch (error) {
    const reason = error instanceof ApiError ? (error.params.reason as { en?: string } | undefined)?.en : undefined;
    return { refused: `refused: ${reason ?? 'invalid URL'}` };
  }
  if (isForbiddenLiteral(target, policy)) return { refused: `refused: ${target.hostname} is a loopback, private, link-local or metadata address` };
  return { target };
}

function describeError(error: NodeJS.ErrnoException, timeout_ms: number, timedOut: boolean): string {
  if (timedOut) return `timeout: no complete answer within ${timeout_ms} ms`;
  if (error.code === 'EADDRFORBIDDEN') return `refused: ${error.message}`;
  if (error.code === 'ECONNREFUSED') return 'network error: connection refused (ECONNREFUSED)';
  if (error.code === 'ENOTFOUND') return 'network error: the host does not resolve (ENOTFOUND)';
  return `network error: ${error.code ?? error.message}`;
}

export function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const checked = refusal(request.url, request.policy);
  if ('refused' in checked) {
    return Promise.resolve({ status: null, error: checked.refused, retryAfter: null, duration_ms: elapsed(), aborted: false });
  }
  const { target } = checked;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let status: number | null = null;
    let retryAfter: string | null = null;
    const finish = (result: Omit<WebhookResponse, 'duration_ms' | 'retryAfter' | 'aborted'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve({ ...result, retryAfter, duration_ms: elapsed(), aborted: request.signal?.aborted ?? false });
    };
    const outgoing = client.request(target, {
      method: 'POST',
      // No keep-alive pool: each delivery connects anew, so each goes through the guarded lookup.
      agent: false,
      lookup: guardedLookup(request.policy),
      headers: { ...request.headers, 'user-agent': USER_AGENT, 'content-length': String(Buffer.byteLength(request.body)) },
    }, (response) => {
      status = response.statusCode ?? null;
      const header = response.headers['retry-after'];
      retryAfter = typeof header === 'string' ? header : null;
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // Enough read: the status is what counts; stop the receiver from streaming more at us.
        if (received > MAX_RESPONSE_BODY_BYTES) { finish({ status, error: null }); response.destroy(); }
      });
      response.on('end', () => finish({ status, error: null }));
      response.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, error: describeError(error, request.timeout_ms, timedOut) }));
      response.on('close', () => finish(response.complete ? { status, error: null } : { status: null, error: describeError(new Error('the answer was cut off'), request.timeout_ms, timedOut) }));
    });
    // The one timer of this request: it covers connect, upload, headers and body together.
    const timer = setTimeout(() => { timedOut = true; outgoing.destroy(new Error('timeout')); }, request.timeout_ms);
    const onAbort = () => outgoing.destroy(new Error('aborted: the worker is shutting down'));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort();
    outgoing.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, error: describeError(error, request.timeout_ms, timedOut) }));
    outgoing.end(request.body);
  });
}
