// The README's plain-JavaScript webhook verification, run as written: it must
// accept what the platform's delivery code signs (one secret, or two during a
// rotation) and what the standardwebhooks package (an implementation we did
// not write) signs, and refuse a tampered body, a wrong secret, a stale
// timestamp and missing headers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, webhookHeaders } from '../src/services/webhooks/signing.ts';

type Verify = (body: string, headers: Record<string, string>, secret: string) => unknown;

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The ```js block of the events section that defines verifyWebhook. */
function verificationExample(): string {
  const section = readme.slice(readme.indexOf('### Events and webhooks'));
  const block = [...section.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]!).find((code) => code.includes('export function verifyWebhook'));
  expect(block, 'the README shows verifyWebhook in a ```js block of "Events and webhooks"').toBeDefined();
  return block!;
}

describe('README: verifying a webhook in plain JavaScript', () => {
  let dir: string;
  let verifyWebhook: Verify;
  const body = JSON.stringify({ eventId: 'evt_0123456789abcdef0123456789abcdef', type: 'webhook.test', timestamp: new Date().toISOString(), sequence: 1, cardId: null, data: { endpointId: 'we_x', message: 'hi' } });
  const id = 'evt_0123456789abcdef0123456789abcdef';
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cardepass-readme-verify-'));
    const file = join(dir, 'verify.mjs');
    writeFileSync(file, verificationExample());
    ({ verifyWebhook } = await import(pathToFileURL(file).href) as { verifyWebhook: Verify });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts what the platform signs and returns the event', () => {
    const secret = newWebhookSecret();
    expect(verifyWebhook(body, webhookHeaders([secret], id, now(), body), secret)).toEqual(JSON.parse(body));
  });

  it('accepts either secret while a rotation signs with both', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([current, previous], id, now(), body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verifyWebhook(body, headers, current)).toEqual(JSON.parse(body));
    expect(verifyWebhook(body, headers, previous)).toEqual(JSON.parse(body));
    expect(() => verifyWebhook(body, headers, newWebhookSecret())).toThrow('invalid webhook signature');
  });

  it('accepts what the standardwebhooks package signs, and the package accepts what the platform signs', () => {
    const secret = newWebhookSecret();
    const at = new Date();
    const signature = new Webhook(secret).sign(id, at, body);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
    expect(verifyWebhook(body, headers, secret)).toEqual(JSON.parse(body));
    expect(new Webhook(secret).verify(body, webhookHeaders([secret], id, now(), body))).toEqual(JSON.parse(body));
  });

  it('refuses a tampered body, a wrong secret, a stale or future timestamp and missing headers', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], id, now(), body);
    expect(() => verifyWebhook(body.replace('"hi"', '"HI"'), headers, secret)).toThrow('invalid webhook signature');
    expect(() => verifyWebhook(body, headers, newWebhookSecret())).toThrow('invalid webhook signature');
    for (const skew of [-301, 301]) {
      expect(() => verifyWebhook(body, webhookHeaders([secret], id, now() + skew, body), secret)).toThrow('5 minutes');
    }
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const partial: Record<string, string> = { ...headers };
      delete partial[name];
      expect(() => verifyWebhook(body, partial, secret)).toThrow('missing webhook headers');
    }
    // A v1 signature of the right length under another key, and a signature of another scheme, are refused.
    const forged = webhookHeaders([newWebhookSecret()], id, now(), body);
    expect(() => verifyWebhook(body, { ...forged, 'webhook-signature': forged['webhook-signature']!.replace('v1,', 'v2,') }, secret)).toThrow('invalid webhook signature');
  });
});
