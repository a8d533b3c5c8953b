// client.webhookEndpoints against the real server, and the SDK's verifier on
// what the platform's own delivery worker sends to a receiver on 127.0.0.1:
// lifecycle, isolation and limits, secret rotation (both signatures verify),
// failed deliveries recovered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CardepassError, ConflictError, InvalidRequestError, NotFoundError, verifyWebhook, WebhookVerificationError, type Cardepass,
} from '../src/index.ts';
import { deliverer, startReceiver, type Receiver } from '../../server/test/webhook-receiver.ts';
import { FaultProxy } from './fault-proxy.ts';
import { clientFor, failureOf, livePlatform, recordingFetch, SUITE_OPTIONS, type LivePlatform } from './sdk-harness.ts';

describe('webhook endpoints through the SDK', SUITE_OPTIONS, () => {
  let live: LivePlatform;
  let customer: Awaited<ReturnType<LivePlatform['p']['customer']>>;
  let client: Cardepass;
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => { const r = await startReceiver(...args); receivers.push(r); return r; };
  // No retries: a failed attempt is final, so one round of the worker settles a delivery.
  const runDeliveries = () => deliverer(live.p, { webhookRetryScheduleS: [] }).runDue();

  beforeAll(async () => {
    live = await livePlatform();
    customer = await live.p.customer();
    client = clientFor(live, customer);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await live?.p.close();
  });

  it('creates, lists, retrieves, updates and deletes an endpoint; the secret only on create', async () => {
    const created = await client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', eventTypes: ['order.completed', 'card.updated'], description: 'orders' });
    expect(created).toMatchObject({ url: 'http://127.0.0.1:9/hook', eventTypes: ['order.completed', 'card.updated'], description: 'orders', status: 'Enabled', disabledReason: null });
    expect(created.endpointId).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const listed = await client.webhookEndpoints.list();
    expect(listed.map((e) => e.endpointId)).toContain(created.endpointId);
    const fetched = await client.webhookEndpoints.retrieve(created.endpointId);
    expect(fetched).not.toHaveProperty('secret');
    const { secret: _secret, ...withoutSecret } = created;
    expect(fetched).toEqual(withoutSecret);

    const updated = await client.webhookEndpoints.update(created.endpointId, { status: 'Disabled', eventTypes: null, description: null });
    expect(updated).toMatchObject({ status: 'Disabled', eventTypes: null, description: null, url: created.url });

    const deleted = await client.webhookEndpoints.delete(created.endpointId);
    expect(deleted.endpointId).toBe(created.endpointId);
    expect(await failureOf(client.webhookEndpoints.retrieve(created.endpointId))).toMatchObject({ status: 404, errorCode: 'WEBHOOK_ENDPOINT_NOT_FOUND' });
    expect((await client.webhookEndpoints.list()).map((e) => e.endpointId)).not.toContain(created.endpointId);
  });

  it('reports refusals typed: bad input, another customer\'s endpoint, the limit of 10, missing ids', async () => {
    expect(await failureOf(client.webhookEndpoints.create({ url: 'ftp://example.com/x' }))).toBeInstanceOf(InvalidRequestError);
    expect(await failureOf(client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', eventTypes: ['order.shipped' as never] })))
      .toMatchObject({ status: 400, errorCode: 'VALIDATION_FAILED' });

    const other = clientFor(live, await live.p.customer());
    const theirs = await other.webhookEndpoints.create({ url: 'http://127.0.0.1:9/theirs' });
    for (const call of [client.webhookEndpoints.retrieve(theirs.endpointId), client.webhookEndpoints.rotateSecret(theirs.endpointId),
      client.webhookEndpoints.delete(theirs.endpointId), client.webhookEndpoints.test(theirs.endpointId)]) {
      expect(await failureOf(call)).toBeInstanceOf(NotFoundError);
    }
    expect((await other.webhookEndpoints.retrieve(theirs.endpointId)).status).toBe('Enabled');

    const existing = (await other.webhookEndpoints.list()).length;
    for (let i = existing; i < 10; i++) await other.webhookEndpoints.create({ url: `http://127.0.0.1:9/n${i}` });
    const limit = await failureOf(other.webhookEndpoints.create({ url: 'http://127.0.0.1:9/eleventh' }));
    expect(limit).toBeInstanceOf(ConflictError);
    expect(limit.errorCode).toBe('WEBHOOK_ENDPOINT_LIMIT');

    expect(() => client.webhookEndpoints.retrieve('')).toThrow(CardepassError);
    expect(() => client.webhookEndpoints.recover('', new Date())).toThrow(/endpointId is required/);
  });

  it('does not retry a create whose answer was lost: one endpoint, not two', async () => {
    const proxy = await FaultProxy.start(live.origin);
    try {
      const recorder = recordingFetch();
      const viaProxy = clientFor({ baseUrl: `${proxy.origin}${live.p.config.basePath}` }, customer, { fetch: recorder.fetch });
      const before = (await client.webhookEndpoints.list()).length;
      proxy.inject((method, path) => method === 'POST' && path.endsWith('/webhooks/endpoints'), { kind: 'lose-answer', status: 502 });
      expect(await failureOf(viaProxy.webhookEndpoints.create({ url: 'http://127.0.0.1:9/once' }))).toMatchObject({ status: 502 });
      expect(recorder.apiRequests().filter((e) => e.method === 'POST')).toHaveLength(1);
      expect((await client.webhookEndpoints.list()).length).toBe(before + 1);
    } finally {
      await proxy.close();
    }
  });

  it('rotates the secret: a real delivery then verifies with the old and the new secret', async () => {
    const r = await receiver();
    const endpoint = await client.webhookEndpoints.create({ url: r.url });
    const rotated = await client.webhookEndpoints.rotateSecret(endpoint.endpointId);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);

    const test = await client.webhookEndpoints.test(endpoint.endpointId);
    expect(test).toMatchObject({ type: 'webhook.test', cardId: null, data: { endpointId: endpoint.endpointId } });
    await runDeliveries();
    await r.waitFor(1, 10_000);
    const [request] = r.requests;
    expect(request!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [endpoint.secret, rotated.secret]) expect(await verifyWebhook(request!.body, request!.headers, secret)).toEqual(test);
    const forged = await failureOf(verifyWebhook(request!.body.replace('webhook.test', 'webhook.tesT'), request!.headers, rotated.secret));
    expect(forged).toBeInstanceOf(WebhookVerificationError);
    expect(forged.reason).toBe('bad_signature');

    const [delivery] = await client.events.deliveries(test.eventId);
    expect(delivery).toMatchObject({ eventId: test.eventId, endpointId: endpoint.endpointId, status: 'Delivered', attemptCount: 1 });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ httpStatus: 200, error: null, nextAttemptOn: null })]);
  });

  it('recovers the deliveries that failed since a time', async () => {
    let failing = true;
    const r = await receiver(() => ({ status: failing ? 500 : 204 }));
    const endpoint = await client.webhookEndpoints.create({ url: r.url });
    const since = new Date(Date.now() - 60_000);
    const test = await client.webhookEndpoints.test(endpoint.endpointId);
    await runDeliveries();
    const [failed] = await client.events.deliveries(test.eventId);
    expect(failed).toMatchObject({ status: 'Failed', attemptCount: 1, nextAttemptOn: null });
    expect(failed!.attempts[0]).toMatchObject({ httpStatus: 500 });

    failing = false;
    expect(await client.webhookEndpoints.recover(endpoint.endpointId, since)).toEqual({ queued: 1 });
    await runDeliveries();
    const [recovered] = await client.events.deliveries(test.eventId);
    expect(recovered!.status).toBe('Delivered');
    expect(recovered!.attempts.map((a) => a.httpStatus)).toEqual([500, 204]);
    // Nothing failed since: nothing to queue.
    expect(await client.webhookEndpoints.recover(endpoint.endpointId, new Date().toISOString().slice(0, 10))).toEqual({ queued: 0 });
  });
});
