// verifyWebhook against signatures made by `standardwebhooks` (the
// specification's own library, not ours): what it signs is accepted, and every
// way a delivery can be forged, stale or incomplete is refused with its reason.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { Cardepass, verifyWebhook, webhooks, WebhookVerificationError, type CardepassEvent, type WebhookVerificationReason } from '../src/index.ts';

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const SECRET = newSecret();

const EVENT: CardepassEvent = {
  eventId: 'evt_0123456789abcdefghijklmn', type: 'account.credited', timestamp: '2025-06-01T10:00:00.000Z', sequence: 3, cardId: null,
  data: { depositId: 'dep_1', currency: 'USD', amount: 250.5, reference: 'wire 42', balanceAfter: 1250.5, createdOn: '2025-06-01T10:00:00.000Z' },
};
const BODY = JSON.stringify(EVENT);

/** The headers the platform sends, signed by standardwebhooks with each secret (two during a rotation). */
function signed(secrets: string[], body = BODY, at = new Date(), id = EVENT.eventId): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}

async function reasonOf(verifying: Promise<unknown>): Promise<WebhookVerificationReason> {
  const error = await verifying.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).reason;
}

describe('verifyWebhook', () => {
  it('accepts what standardwebhooks signs and returns the typed event', async () => {
    const event = await verifyWebhook(BODY, signed([SECRET]), SECRET);
    expect(event).toEqual(EVENT);
    // Narrowing on `type` is what the union is for; this line fails to compile if it is not a union.
    if (event.type === 'account.credited') expect(event.data.amount).toBe(250.5);
    // The same through a Headers instance, upper-case names, raw bytes, the client and the standalone object.
    const headers = new Headers(Object.entries(signed([SECRET])).map(([k, v]) => [k.toUpperCase(), v] as [string, string]));
    expect(await verifyWebhook(new TextEncoder().encode(BODY), headers, SECRET)).toEqual(EVENT);
    const upper = Object.fromEntries(Object.entries(signed([SECRET])).map(([k, v]) => [k.replace(/^w/, 'W'), v]));
    expect(await webhooks.verify(BODY, upper, SECRET)).toEqual(EVENT);
    const client = new Cardepass({ clientId: 'unused', clientSecret: 'unused', baseUrl: 'http://127.0.0.1:9/openapi' });
    expect(await client.webhooks.verify(BODY, signed([SECRET]), SECRET)).toEqual(EVENT);
  });

  it('agrees with standardwebhooks on what it accepts', async () => {
    const headers = signed([SECRET]);
    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(await verifyWebhook(BODY, headers, SECRET));
  });

  it('accepts a delivery when any one of two signatures matches (secret rotation)', async () => {
    const previous = newSecret();
    const current = newSecret();
    const headers = signed([previous, current]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(await verifyWebhook(BODY, headers, previous)).toEqual(EVENT);
    expect(await verifyWebhook(BODY, headers, current)).toEqual(EVENT);
    expect(await reasonOf(verifyWebhook(BODY, headers, newSecret()))).toBe('bad_signature');
  });

  it('refuses a tampered body, the wrong secret, another id and a forged signature', async () => {
    const headers = signed([SECRET]);
    const tampered = BODY.replace('250.5', '2500.5');
    expect(tampered).not.toBe(BODY);
    expect(await reasonOf(verifyWebhook(tampered, headers, SECRET))).toBe('bad_signature');
    expect(await reasonOf(verifyWebhook(`${BODY} `, headers, SECRET))).toBe('bad_signature');
    expect(await reasonOf(verifyWebhook(BODY, headers, newSecret()))).toBe('bad_signature');
    expect(await reasonOf(verifyWebhook(BODY, { ...headers, 'webhook-id': 'evt_other' }, SECRET))).toBe('bad_signature');
    // A signature of a different scheme, garbage, and a v1 entry that is not base64.
    for (const forged of ['v2,' + headers['webhook-signature'].slice(3), 'garbage', 'v1,!!!not-base64!!!', 'v1,']) {
      expect(await reasonOf(verifyWebhook(BODY, { ...headers, 'webhook-signature': forged }, SECRET))).toBe('bad_signature');
    }
  });

  it('refuses timestamps more than the tolerance away, either way', async () => {
    const now = Date.now();
    expect(await reasonOf(verifyWebhook(BODY, signed([SECRET], BODY, new Date(now - 301_000)), SECRET))).toBe('timestamp_too_old');
    expect(await reasonOf(verifyWebhook(BODY, signed([SECRET], BODY, new Date(now + 301_000)), SECRET))).toBe('timestamp_too_new');
    // Within five minutes is fine; a configured tolerance narrows or widens it; `now` judges a stored delivery.
    expect(await verifyWebhook(BODY, signed([SECRET], BODY, new Date(now - 240_000)), SECRET)).toEqual(EVENT);
    expect(await reasonOf(verifyWebhook(BODY, signed([SECRET], BODY, new Date(now - 60_000)), SECRET, { tolerance_s: 30 }))).toBe('timestamp_too_old');
    const hourAgo = new Date(now - 3_600_000);
    expect(await verifyWebhook(BODY, signed([SECRET], BODY, hourAgo), SECRET, { tolerance_s: 3_700 })).toEqual(EVENT);
    expect(await verifyWebhook(BODY, signed([SECRET], BODY, hourAgo), SECRET, { now: hourAgo })).toEqual(EVENT);
    expect(await reasonOf(verifyWebhook(BODY, { ...signed([SECRET]), 'webhook-timestamp': '17e8' }, SECRET))).toBe('invalid_timestamp');
  });

  it('refuses missing headers and secrets that are not secrets', async () => {
    const headers: Record<string, string> = signed([SECRET]);
    for (const name of Object.keys(headers)) {
      const rest = { ...headers };
      delete rest[name];
      expect(await reasonOf(verifyWebhook(BODY, rest, SECRET))).toBe('missing_headers');
    }
    expect(await reasonOf(verifyWebhook(BODY, {}, SECRET))).toBe('missing_headers');
    expect(await reasonOf(verifyWebhook(BODY, headers, 'whsec_'))).toBe('invalid_secret');
    expect(await reasonOf(verifyWebhook(BODY, headers, 'whsec_%%%'))).toBe('invalid_secret');
  });

  it('refuses a correctly signed body that is not JSON', async () => {
    expect(await reasonOf(verifyWebhook('not json', signed([SECRET], 'not json'), SECRET))).toBe('invalid_payload');
  });
});
