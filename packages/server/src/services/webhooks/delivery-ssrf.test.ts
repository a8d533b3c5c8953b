// SSRF at delivery time: the endpoint rows are written directly, bypassing
// registration, which models a URL that passed its check and whose DNS now
// points inward (rebinding) — the deliverer must refuse it on its own, before
// any connection is made. Production policy; the sandbox as the control.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { attemptsOf, deliverer, insertEndpoint, printFigures, startReceiver, type Receiver } from '../../../test/webhook-receiver.ts';

let p: TestPlatform;
let r: Receiver;
const PRODUCTION = { environment: 'production', webhookAllowPrivate: false } as const;

beforeAll(async () => {
  p = await createTestPlatform();
  r = await startReceiver();
});
afterAll(async () => {
  if (p) await printFigures('delivery-ssrf.test', p.store);
  await r?.close();
  await p?.close();
});

/** One event queued to an endpoint row at `url`; returns its id. */
async function queuedTo(url: string): Promise<string> {
  const c = await p.customer();
  await insertEndpoint(p, c.customerId, { url });
  const response = await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '1', reference: `dep-${randomBytes(6).toString('hex')}` });
  expect(response.statusCode, response.body).toBe(200);
  return (await sql<{ id: string }>`SELECT id FROM events WHERE customer_id = ${c.customerId}`.execute(p.store.db)).rows[0]!.id;
}

describe('SSRF at delivery (production policy)', () => {
  it('refuses loopback, private, link-local, metadata and mapped addresses, by literal or by name, without connecting', async () => {
    const port = r.port;
    const urls = [
      `https://127.0.0.1:${port}/hook`,
      `https://localhost:${port}/hook`,                 // a name that resolves to loopback: caught by the guarded lookup
      `https://[::ffff:127.0.0.1]:${port}/hook`,
      `https://[::1]:${port}/hook`,
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/hook',
      'https://192.168.1.1/hook',
      `http://127.0.0.1:${port}/hook`,                  // and plain http is refused in production anyway
    ];
    const events = [];
    for (const url of urls) events.push([url, await queuedTo(url)] as const);
    await deliverer(p, PRODUCTION).runDue();
    for (const [url, eventId] of events) {
      const attempts = await attemptsOf(p.store, eventId);
      expect(attempts, url).toHaveLength(1);
      expect(attempts[0]!.http_status, url).toBeNull();
      expect(attempts[0]!.error, url).toMatch(/^refused: /);
      // A refusal is a failed attempt like any other: retried later (the DNS may be fixed), never sent meanwhile.
      expect(attempts[0]!.next_attempt_at, url).toBeInstanceOf(Date);
    }
    expect(r.connections).toBe(0);
    expect(r.requests).toHaveLength(0);
  });

  it('the same rows are sent where the policy allows them: the refusal is the policy, not the network', async () => {
    const sandboxEvent = await queuedTo(`http://localhost:${r.port}/hook`);
    await deliverer(p, { environment: 'sandbox' }).runDue();
    expect((await attemptsOf(p.store, sandboxEvent)).map((a) => a.http_status)).toEqual([200]);

    // CARDEPASS_WEBHOOK_ALLOW_PRIVATE lifts the address check in production: the name is looked up and connected to
    // (the receiver speaks http, so the TLS handshake fails — but it was reached).
    const before = r.connections;
    const allowedEvent = await queuedTo(`https://localhost:${r.port}/hook`);
    await deliverer(p, { environment: 'production', webhookAllowPrivate: true }).runDue();
    expect(r.connections).toBeGreaterThan(before);
    const [attempt] = (await attemptsOf(p.store, allowedEvent));
    expect(attempt!.error).toMatch(/^network error: /);
  });
});
