// Verifies a webhook delivery the Standard Webhooks way (standardwebhooks.com):
// webhook-signature holds space-separated `v1,<base64>` entries, each an
// HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}" keyed with the
// base64-decoded part of the `whsec_` secret; any one matching is enough (during
// a secret rotation the platform signs with both secrets). Web Crypto only, so it
// runs in Node ≥ 20, browsers, Deno and edge runtimes alike — and is therefore async.
import type { CardepassEvent } from './wire-types.ts';
import { CardepassError } from './errors.ts';

/** Why a delivery was refused. */
export type WebhookVerificationReason =
  | 'missing_headers' | 'invalid_timestamp' | 'timestamp_too_old' | 'timestamp_too_new'
  | 'invalid_secret' | 'bad_signature' | 'invalid_payload';

/** The delivery is not authentic, not fresh, or not readable: answer it with a 4xx and do not act on it. */
export class WebhookVerificationError extends CardepassError {
  override name = 'WebhookVerificationError';
  constructor(readonly reason: WebhookVerificationReason, message: string) {
    super(message);
  }
}

/** A Headers object, or a plain object in any letter case (Node's req.headers, a framework's header map). */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

export interface VerifyWebhookOptions {
  /** How far webhook-timestamp may be from now, either way (default 300: 5 minutes, the specification's). */
  tolerance_s?: number;
  /** The time to judge the timestamp against (default: now); for replaying a stored delivery in tests. */
  now?: Date;
}

export const DEFAULT_WEBHOOK_TOLERANCE_S = 300;
const SECRET_PREFIX = 'whsec_';
// A header is attacker-controlled: checking more entries than a rotation can produce is wasted work.
const MAX_SIGNATURES = 10;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers)?.get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(' ');
  }
  return undefined;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  // Browsers expose it only in secure contexts (https, localhost).
  if (!subtle) throw new CardepassError('Web Crypto (crypto.subtle) is not available here: webhooks cannot be verified');
  return subtle;
}

/**
 * Checks one delivery and returns its event, typed. `payload` is the request body
 * exactly as received (the raw text or bytes: parsing and re-serializing JSON
 * changes it and breaks the signature). Throws WebhookVerificationError.
 */
export async function verifyWebhook(payload: string | Uint8Array, headers: WebhookHeaders, secret: string, options: VerifyWebhookOptions = {}): Promise<CardepassEvent> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError('missing_headers', 'webhook-id, webhook-timestamp and webhook-signature are all required');
  }
  if (!/^\d{1,12}$/.test(timestamp.trim())) throw new WebhookVerificationError('invalid_timestamp', `webhook-timestamp '${timestamp.slice(0, 20)}' is not Unix seconds`);
  const tolerance_s = options.tolerance_s ?? DEFAULT_WEBHOOK_TOLERANCE_S;
  const now_s = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const sent_s = Number(timestamp.trim());
  // Both ways: an old delivery may be a replay, one from the future a clock far off or a forgery.
  if (now_s - sent_s > tolerance_s) throw new WebhookVerificationError('timestamp_too_old', `webhook-timestamp is ${now_s - sent_s} s old (more than ${tolerance_s} s)`);
  if (sent_s - now_s > tolerance_s) throw new WebhookVerificationError('timestamp_too_new', `webhook-timestamp is ${sent_s - now_s} s ahead (more than ${tolerance_s} s)`);

  const keyBytes = typeof secret === 'string' ? base64Bytes(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret) : undefined;
  if (!keyBytes || keyBytes.length === 0) throw new WebhookVerificationError('invalid_secret', 'the secret is not a whsec_… signing secret');

  const body = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);

  const subtle = subtleCrypto();
  const key = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const candidates = signatures.split(' ').filter((entry) => entry.startsWith('v1,')).slice(0, MAX_SIGNATURES);
  let matched = false;
  for (const candidate of candidates) {
    const mac = base64Bytes(candidate.slice(3));
    // subtle.verify compares in constant time; a plain string comparison would leak how much matched.
    if (mac && await subtle.verify('HMAC', key, mac, signed)) {
      matched = true;
      break;
    }
  }
  if (!matched) throw new WebhookVerificationError('bad_signature', 'no webhook-signature matches the payload and this secret');

  try {
    return JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload)) as CardepassEvent;
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'the signed payload is not JSON');
  }
}

/** `client.webhooks` and the standalone `webhooks`: receiving what the platform sends. */
export class Webhooks {
  /** See verifyWebhook. */
  verify(payload: string | Uint8Array, headers: WebhookHeaders, secret: string, options?: VerifyWebhookOptions): Promise<CardepassEvent> {
    return verifyWebhook(payload, headers, secret, options);
  }
}

/** For a receiver that has no API client: `await webhooks.verify(body, req.headers, secret)`. */
export const webhooks = /* @__PURE__ */ new Webhooks();
