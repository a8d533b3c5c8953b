// Retention: events past CARDEPASS_EVENT_RETENTION_DAYS go, with their
// deliveries and attempts; newer ones stay; sequences keep counting.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { deliverAll, deliverer, insertEndpoint, startReceiver, type Receiver } from '../../../test/webhook-receiver.ts';
import { pruneEvents } from './retention.ts';

let p: TestPlatform;
let r: Receiver;
beforeAll(async () => { p = await createTestPlatform({ config: { eventRetentionDays: 30 } }); r = await startReceiver(); });
afterAll(async () => { await r?.close(); await p?.close(); });

const deposit = async (c: TestCustomer) => {
  const response = await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '1', reference: `dep-${randomBytes(6).toString('hex')}` });
  expect(response.statusCode, response.body).toBe(200);
};
const count = async (table: 'events' | 'webhook_deliveries' | 'webhook_attempts', customerId: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE customer_id = ${customerId}`.execute(p.store.db)).rows[0]!.n;

describe('event retention', () => {
  it('deletes events older than the retention with their deliveries and attempts, in batches; keeps newer ones and the sequence', async () => {
    const c = await p.customer();
    await insertEndpoint(p, c.customerId, { url: r.url });
    for (let i = 0; i < 7; i++) await deposit(c);
    await deliverAll(deliverer(p), p.store, c.customerId, 10_000);
    expect(await count('webhook_attempts', c.customerId)).toBe(7);
    // Five of the seven are 31 days old; one is just inside the retention.
    await sql`UPDATE events SET created_at = now() - interval '31 days'
      WHERE id IN (SELECT id FROM events WHERE customer_id = ${c.customerId} ORDER BY position LIMIT 5)`.execute(p.store.db);
    await sql`UPDATE events SET created_at = now() - interval '29 days 23 hours'
      WHERE id = (SELECT id FROM events WHERE customer_id = ${c.customerId} ORDER BY position OFFSET 5 LIMIT 1)`.execute(p.store.db);

    // Batches of 2: 2 + 2 + 1, all in one run.
    expect(await pruneEvents(p.store, p.config.eventRetentionDays, 2)).toBe(5);
    expect(await count('events', c.customerId)).toBe(2);
    expect(await count('webhook_deliveries', c.customerId)).toBe(2);
    expect(await count('webhook_attempts', c.customerId)).toBe(2);
    expect(await pruneEvents(p.store, p.config.eventRetentionDays)).toBe(0);

    // The stream counter is kept: the next event is number 8, not a repeat of one already delivered.
    await deposit(c);
    const { rows } = await sql<{ sequence: bigint }>`SELECT sequence FROM events WHERE customer_id = ${c.customerId} ORDER BY position`.execute(p.store.db);
    expect(rows.map((e) => Number(e.sequence))).toEqual([6, 7, 8]);
    await p.expectLedgerClean();
  });

  it('a shorter retention prunes more; another customer\'s recent events are untouched', async () => {
    const c = await p.customer();
    const other = await p.customer();
    await deposit(c);
    await deposit(other);
    await sql`UPDATE events SET created_at = now() - interval '3 days' WHERE customer_id = ${c.customerId}`.execute(p.store.db);
    expect(await pruneEvents(p.store, 30)).toBe(0);
    // Every customer's events past 2 days go (the previous test's 29-day-old one too), and only those.
    const { rows: [old] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE created_at < now() - interval '2 days'`.execute(p.store.db);
    expect(old!.n).toBe(2);
    expect(await pruneEvents(p.store, 2)).toBe(old!.n);
    expect(await count('events', c.customerId)).toBe(0);
    expect(await count('events', other.customerId)).toBe(1);
  });

  it('the deliverer\'s loop prunes on its own when it starts', async () => {
    const c = await p.customer();
    await deposit(c);
    await sql`UPDATE events SET created_at = now() - interval '8 days' WHERE customer_id = ${c.customerId}`.execute(p.store.db);
    const d = deliverer(p, { eventRetentionDays: 7, workerPollMs: 20 });
    d.start();
    try {
      const deadline = Date.now() + 5000;
      while (await count('events', c.customerId) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await d.stop();
    }
    expect(await count('events', c.customerId)).toBe(0);
  });
});
