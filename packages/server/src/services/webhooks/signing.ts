import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (standardwebhooks.com): the secret is
 * `whsec_` + base64 of random bytes; the signature is
 * `v1,` + base64(HMAC-SHA256(secret bytes, "{id}.{timestamp}.{body}")).
 */
const SECRET_PREFIX = 'whsec_';
// 24 bytes (192 bits), the size the specification's reference libraries generate.
const SECRET_BYTES = 24;

export const newWebhookSecret = () => `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;

/** The key a secret stands for: the base64-decoded part after `whsec_`. */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** One `v1,<base64>` signature of a payload. */
export function sign(secret: string, webhookId: string, timestampS: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${webhookId}.${timestampS}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The webhook-signature header: one signature per secret in force, space-separated (during a rotation, two). */
export function signatureHeader(secrets: readonly string[], webhookId: string, timestampS: number, body: string): string {
  return secrets.map((secret) => sign(secret, webhookId, timestampS, body)).join(' ');
}

/** The three Standard Webhooks headers and the content type for one delivery of one event. */
export function webhookHeaders(secrets: readonly string[], webhookId: string, timestampS: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampS),
    'webhook-signature': signatureHeader(secrets, webhookId, timestampS, body),
  };
}
