// `cardepass webhooks endpoints …` and `cardepass events …` as child processes
// against the real server: every subcommand, as tables and as JSON, and the
// failures a user makes (bad types, nothing to change, someone else's ids).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, dataOf, expectCleanFailure, linesOf, SUITE_OPTIONS } from './cli-runner.ts';

describe('cardepass webhooks endpoints and events', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let customer: TestCustomer;
  let env: Record<string, string>;
  const run = (...args: string[]) => cardepass(args, { env });
  const json = async (...args: string[]) => dataOf(await run(...args, '--json'));

  beforeAll(async () => {
    p = await createTestPlatform();
    const origin = await p.app.listen({ port: 0, host: '127.0.0.1' });
    customer = await p.customer({ USD: '1000' });
    env = { CARDEPASS_URL: `${origin}/openapi`, CARDEPASS_CLIENT_ID: customer.clientId, CARDEPASS_CLIENT_SECRET: customer.clientSecret };
  });
  afterAll(async () => { await p?.close(); });

  it('creates, shows, changes, rotates, tests, recovers and deletes an endpoint', async () => {
    const [createdRun, readableRun] = await Promise.all([
      run('webhooks', 'endpoints', 'create', 'http://127.0.0.1:9/hook', '--events', 'order.completed,card.updated', '--description', 'orders', '--json'),
      run('webhooks', 'endpoints', 'create', 'http://127.0.0.1:9/second', '--duplicate-rate', '0.5'),
    ]);
    const created = dataOf(createdRun);
    expect(created).toMatchObject({ url: 'http://127.0.0.1:9/hook', eventTypes: ['order.completed', 'card.updated'], description: 'orders', status: 'Enabled' });
    expect(created.secret).toMatch(/^whsec_/);
    expect(createdRun.stderr).toMatch(/Keep the secret now: it is not shown again/);
    const readable = linesOf(readableRun);
    expect(readable).toContainEqual(expect.stringMatching(/^secret: +whsec_\S+$/));
    expect(readable).toContainEqual(expect.stringMatching(/^deliveryFaults: +duplicateRate 0\.5, reorderWindowS 0$/));
    const id: string = created.endpointId;

    const [table, fetched, fetchedText] = await Promise.all([run('webhooks', 'endpoints', 'list'), json('webhooks', 'endpoints', 'get', id), run('webhooks', 'endpoints', 'get', id)]);
    const tableLines = linesOf(table);
    expect(tableLines[0]).toMatch(/^ENDPOINT ID\s+STATUS\s+EVENTS\s+CREATED\s+URL$/);
    expect(tableLines).toContainEqual(expect.stringMatching(new RegExp(`^${id}\\s+Enabled\\s+order\\.completed,card\\.updated\\s+\\S+\\s+http://127\\.0\\.0\\.1:9/hook$`)));
    expect(tableLines).toContainEqual(expect.stringMatching(/\sEnabled\s+all\s+\S+\s+http:\/\/127\.0\.0\.1:9\/second$/));
    expect(fetched).not.toHaveProperty('secret');
    expect(linesOf(fetchedText).join('\n')).not.toMatch(/secret/);

    const updated = await json('webhooks', 'endpoints', 'update', id, '--disable', '--all-events', '--endpoint-url', 'http://127.0.0.1:9/moved');
    expect(updated).toMatchObject({ status: 'Disabled', eventTypes: null, url: 'http://127.0.0.1:9/moved', description: 'orders' });
    expect(await json('webhooks', 'endpoints', 'update', id, '--enable', '--clear-description')).toMatchObject({ status: 'Enabled', description: null });

    const rotated = await json('webhooks', 'endpoints', 'rotate-secret', id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);

    const testRun = await run('webhooks', 'endpoints', 'test', id);
    const eventId = /^eventId: +(evt_\w+)$/m.exec(testRun.stdout)?.[1];
    expect(eventId, testRun.stdout + testRun.stderr).toBeDefined();
    expect(testRun.stdout).toMatch(/^type: +webhook\.test$/m);
    expect(testRun.stderr).toContain(`cardepass events deliveries ${eventId}`);
    const [deliveries, deliveryTable, recovered] = await Promise.all([
      json('events', 'deliveries', eventId!), run('events', 'deliveries', eventId!),
      json('webhooks', 'endpoints', 'recover', id, '--since', new Date().toISOString().slice(0, 10)),
    ]);
    expect(deliveries).toEqual([expect.objectContaining({ eventId, endpointId: id, status: 'Pending', attempts: [] })]);
    const deliveryLines = linesOf(deliveryTable);
    expect(deliveryLines[0]).toMatch(/^ENDPOINT\s+DELIVERY\s+ATTEMPTED\s+HTTP\s+DURATION MS\s+NEXT ATTEMPT\s+ERROR$/);
    expect(deliveryLines[1]).toMatch(new RegExp(`^${id}\\s+Pending\\s+-\\s+-\\s+-\\s+\\S+Z\\s+-$`));
    // Nothing has failed: nothing to queue again.
    expect(recovered).toEqual({ queued: 0 });

    expect(await json('webhooks', 'endpoints', 'delete', id)).toMatchObject({ endpointId: id });
    expectCleanFailure(await run('webhooks', 'endpoints', 'get', id), /^cardepass: WEBHOOK_ENDPOINT_NOT_FOUND: /);
  });

  it('lists, shows and resends events', async () => {
    const applied = await json('cards', 'apply', '--product', 'PROD001', '--currency', 'USD', '--top-up', '50');
    const cardId: string = applied.cardInfos[0].cardId;
    const [all, completed, table] = await Promise.all([
      json('events', 'list', '--card', cardId),
      json('events', 'list', '--type', 'order.completed', '--from', new Date().toISOString().slice(0, 10), '--limit', '1'),
      run('events', 'list', '--card', cardId),
    ]);
    expect(all.map((e: { type: string }) => e.type).sort()).toEqual(['card.created', 'order.completed']);
    expect(completed).toEqual([expect.objectContaining({ type: 'order.completed', cardId, data: expect.objectContaining({ orderNo: applied.orderNo }) })]);
    const lines = linesOf(table);
    expect(lines[0]).toMatch(/^TIME\s+EVENT ID\s+TYPE\s+CARD\s+SEQUENCE$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`\\sorder\\.completed\\s+${cardId}\\s+2$`)),
      expect.stringMatching(new RegExp(`\\scard\\.created\\s+${cardId}\\s+1$`)),
    ]);

    const eventId: string = completed[0].eventId;
    const shown = await run('events', 'get', eventId);
    expect(shown.stdout).toMatch(new RegExp(`^eventId: +${eventId}$`, 'm'));
    expect(shown.stdout).toContain(`"orderNo": "${applied.orderNo}"`);
    expect(await json('events', 'get', eventId)).toEqual(completed[0]);

    const [endpoint, subscriber] = await Promise.all([
      json('webhooks', 'endpoints', 'create', 'http://127.0.0.1:9/resend', '--events', 'card.created'),
      json('webhooks', 'endpoints', 'create', 'http://127.0.0.1:9/orders', '--events', 'order.completed'),
    ]);
    expect(await json('events', 'resend', eventId, '--endpoint', endpoint.endpointId)).toEqual({ queued: 1 });
    // Without --endpoint: to every enabled endpoint subscribed to order.completed (that new one is not).
    const endpoints: Array<{ endpointId: string; status: string; eventTypes: string[] | null }> = await json('webhooks', 'endpoints', 'list');
    const subscribed = endpoints.filter((e) => e.status === 'Enabled' && (e.eventTypes === null || e.eventTypes.includes('order.completed')));
    expect(subscribed.map((e) => e.endpointId)).toContain(subscriber.endpointId);
    expect(await json('events', 'resend', eventId)).toEqual({ queued: subscribed.length });
  });

  it('fails cleanly on bad input and on another customer\'s ids', async () => {
    const other = await p.customer();
    const otherEnv = { ...env, CARDEPASS_CLIENT_ID: other.clientId, CARDEPASS_CLIENT_SECRET: other.clientSecret };
    const [theirEvent] = (await cardepass(['events', 'list', '--json'], { env }).then(dataOf)) as Array<{ eventId: string }>;
    const failures = await Promise.all([
      run('webhooks', 'endpoints', 'create', 'http://127.0.0.1:9/x', '--events', 'order.shipped'),
      run('webhooks', 'endpoints', 'create', 'ftp://127.0.0.1/x'),
      run('webhooks', 'endpoints', 'update', 'we_000000000000000000000000'),
      run('webhooks', 'endpoints', 'create', 'http://127.0.0.1:9/x', '--duplicate-rate', '2'),
      run('events', 'list', '--type', 'order.shipped'),
      cardepass(['events', 'get', theirEvent!.eventId], { env: otherEnv }),
      cardepass(['events', 'resend', theirEvent!.eventId], { env: otherEnv }),
    ]);
    const expected = [
      /unknown event type order\.shipped/, /^cardepass: (VALIDATION_FAILED|WEBHOOK_URL_REFUSED): /, /nothing to change: pass --endpoint-url/,
      /expected a number from 0 to 1/, /expected one of order\.completed/, /^cardepass: EVENT_NOT_FOUND: /, /^cardepass: EVENT_NOT_FOUND: /,
    ];
    failures.forEach((failure, i) => expectCleanFailure(failure, expected[i]!));
  });
});
