// `cardepass listen` as a real child process against the real server over HTTP:
// events made after it is ready are forwarded, oldest first, to a real HTTP
// server on 127.0.0.1, signed so that `standardwebhooks` (not our code)
// verifies them with the secret listen printed; history is not forwarded; the
// --events filter holds; a receiver that is down is reported; SIGTERM stops it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../server/test/harness.ts';
import { cardepass, expectCleanFailure, startCardepass, SUITE_OPTIONS, type RunningCli } from './cli-runner.ts';

interface Received { headers: Record<string, string>; body: string }

/** A receiver that records each POST and answers `status(body)`. */
async function receiver(status: (payload: { type: string }) => number = () => 200) {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; }).on('end', () => {
      requests.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(status(JSON.parse(body))).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, requests, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

async function until(check: () => boolean, what: string, timeout_ms = 20_000): Promise<void> {
  const deadline = Date.now() + timeout_ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cardepass listen', SUITE_OPTIONS, () => {
  let p: TestPlatform;
  let customer: TestCustomer;
  let env: Record<string, string>;
  let cardId: string;
  const running: RunningCli[] = [];
  const listen = (...args: string[]) => { const cli = startCardepass(['listen', '--interval-ms', '200', ...args], { env }); running.push(cli); return cli; };
  const order = async (operation: string, body: object) => {
    const response = await p.api('POST', `/v1/orders/standard/${operation}`, { token: customer.token, body });
    expect(response.statusCode, response.body).toBe(200);
    return response.json.data;
  };

  beforeAll(async () => {
    p = await createTestPlatform();
    const origin = await p.app.listen({ port: 0, host: '127.0.0.1' });
    customer = await p.customer({ USD: '1000' });
    env = { CARDEPASS_URL: `${origin}/openapi`, CARDEPASS_CLIENT_ID: customer.clientId, CARDEPASS_CLIENT_SECRET: customer.clientSecret };
    // History: these events exist before listen starts and must not be forwarded.
    cardId = (await order('apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: 100, customerOrderNo: 'listen-apply' })).cardInfos[0].cardId;
  });
  afterAll(async () => {
    for (const cli of running) cli.signal('SIGKILL');
    await p?.close();
  });

  it('forwards new events, signed with the printed secret, and filters by --events', async () => {
    // The card.updated event is answered 500: listen reports the local answer, whatever it is.
    const all = await receiver((payload) => (payload.type === 'card.updated' ? 500 : 200));
    const filtered = await receiver();
    try {
      const everything = listen('--forward-to', all.url);
      const onlyCards = listen('--forward-to', filtered.url, '--events', 'card.updated');
      const secret = (await everything.waitFor(/^Ready! Your webhook signing secret is (whsec_\S+) /m))[1]!;
      const filteredSecret = (await onlyCards.waitFor(/^Ready! Your webhook signing secret is (whsec_\S+) /m))[1]!;
      expect(filteredSecret).not.toBe(secret);

      const topUp = await order('topup', { cardId, topUpAmount: 25 });
      await order('block', { cardId });
      await until(() => all.requests.length >= 3 && filtered.requests.length >= 1, 'the forwarded events');

      const verifier = new Webhook(secret);
      const payloads = all.requests.map((request) => {
        const payload = verifier.verify(request.body, request.headers) as { eventId: string; type: string; data: { orderNo?: string }; sequence: number };
        expect(request.headers['webhook-id']).toBe(payload.eventId);
        expect(request.headers['content-type']).toBe('application/json');
        return payload;
      });
      // The top-up's order.completed and the block's order.completed and card.updated; nothing from before listen.
      expect(payloads.map((e) => e.type).sort()).toEqual(['card.updated', 'order.completed', 'order.completed']);
      expect(payloads.find((e) => e.type === 'order.completed')!.data.orderNo).toBe(topUp.orderNo);
      expect(JSON.stringify(payloads)).not.toContain('listen-apply');
      // Oldest first: each card's events arrive in sequence order.
      const sequences = payloads.map((e) => e.sequence);
      expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
      // The forwarded event is the API's own, byte for byte what GET /v1/events/{id} answers.
      const stored = await p.api('GET', `/v1/events/${payloads[0]!.eventId}`, { token: customer.token });
      expect(JSON.parse(all.requests[0]!.body)).toEqual(stored.json.data);
      expect(() => new Webhook(filteredSecret).verify(all.requests[0]!.body, all.requests[0]!.headers)).toThrow();

      const filteredPayload = new Webhook(filteredSecret).verify(filtered.requests[0]!.body, filtered.requests[0]!.headers) as { type: string };
      expect(filteredPayload.type).toBe('card.updated');

      const lines = everything.stdout().split('\n');
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\S+Z  order\\.completed\\s+${payloads[0]!.eventId}  → 200 \\(\\d+ ms\\)$`)));
      expect(lines).toContainEqual(expect.stringMatching(/^\S+Z {2}card\.updated\s+evt_\w+ {2}→ 500 \(\d+ ms\)$/));

      // A few more polls: nothing is forwarded twice, and the filter let nothing else through.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(all.requests).toHaveLength(3);
      expect(filtered.requests).toHaveLength(1);

      everything.signal('SIGTERM');
      onlyCards.signal('SIGINT');
      expect(await everything.exited).toEqual({ code: 0, signal: null });
      expect(await onlyCards.exited).toEqual({ code: 0, signal: null });
      expect(everything.stdout()).toMatch(/^Stopped; 3 events forwarded\.$/m);
      expect(onlyCards.stdout()).toMatch(/^Stopped; 1 event forwarded\.$/m);
      expect(everything.stderr()).toBe('');
    } finally {
      await all.close();
      await filtered.close();
    }
  });

  it('reports a receiver that is down, and keeps going', async () => {
    const down = await receiver();
    const url = down.url;
    await down.close();
    const cli = listen('--forward-to', url, '--json');
    const ready = JSON.parse((await cli.waitFor(/^\{"ready".*\}$/m))[0]);
    expect(ready).toMatchObject({ ready: true, forwardTo: url, events: null });
    expect(ready.secret).toMatch(/^whsec_/);
    await order('topup', { cardId, topUpAmount: 5 });
    const line = JSON.parse((await cli.waitFor(/^\{"at".*\}$/m))[0]);
    expect(line).toMatchObject({ type: 'order.completed', error: 'ECONNREFUSED' });
    expect(line.status).toBeUndefined();
    cli.signal('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('refuses bad arguments and bad credentials with one line', async () => {
    expectCleanFailure(await cardepass(['listen', '--forward-to', 'ftp://x/y'], { env }), /--forward-to <url>' argument 'ftp:\/\/x\/y' is invalid\. expected an http or https URL/);
    expectCleanFailure(await cardepass(['listen', '--forward-to', 'http://127.0.0.1:9/', '--events', 'card.exploded'], { env }), /unknown event type card\.exploded/);
    expectCleanFailure(await cardepass(['listen', '--forward-to', 'http://127.0.0.1:9/', '--interval-ms', '5'], { env }), /expected milliseconds from 100 to 60000/);
    expectCleanFailure(await cardepass(['listen', '--forward-to', 'http://127.0.0.1:9/'], { env: { ...env, CARDEPASS_CLIENT_SECRET: 'wrong' } }), /^cardepass: invalid_client/);
  });
});
