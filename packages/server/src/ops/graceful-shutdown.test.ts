// SIGTERM while top-ups are in flight, on a real `cardepass serve` over real
// HTTP: every request the server had received gets a complete answer, later
// ones are refused (never reset or cut mid-response), an idle keep-alive
// connection does not hold the shutdown up, the process exits 0, and after a
// restart on the same store the ledger verifies and every acknowledged order
// exists exactly once, finished.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../test/database.ts';
import { freePort } from '../../test/pg-cluster.ts';
import { requestOnce, startServe, type RequestFate, type ServeProcess } from '../../test/serve-process.ts';

const IN_FLIGHT = 40;
const AFTER_SIGTERM = 10;
// Each issuer call takes this long, so the top-ups are still executing when the signal comes.
const CHANNEL_LATENCY_MS = 300;

/** Resolves once a new connection to the port is refused: the listening socket is closed. */
async function refusedFrom(port: number, timeout_ms: number): Promise<void> {
  const deadline = Date.now() + timeout_ms;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(false); });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`port ${port} still accepted connections after ${timeout_ms} ms`);
}

describe('cardepass serve: graceful shutdown on SIGTERM', { timeout: 420_000 }, () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'cardepass-shutdown-')), 'data');
  let env: Record<string, string>;
  const children: ServeProcess[] = [];
  beforeAll(async () => {
    const databaseUrl = await testDatabaseUrl();
    env = {
      CARDEPASS_DATA_DIR: dataDir, LOG_LEVEL: 'info', CARDEPASS_CHANNEL_LATENCY_MS: String(CHANNEL_LATENCY_MS),
      CARDEPASS_ORDER_WAIT_MS: '10000', CARDEPASS_SHUTDOWN_TIMEOUT_MS: '30000',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
  });
  afterAll(() => {
    for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGKILL');
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });
  const start = async () => {
    const child = await startServe({ ...env, PORT: String(await freePort()) });
    children.push(child);
    return child;
  };

  it('answers what it received, refuses the rest, exits 0, and loses nothing', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    const tokenResponse = await fetch(`${first.url}/openapi/connect/token`, {
      method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }),
    });
    const token = (await tokenResponse.json() as { access_token: string }).access_token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const applied = await requestOnce(`${first.url}/openapi/v1/orders/standard/apply`, {
      method: 'POST', headers, body: JSON.stringify({ productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', customerOrderNo: 'SHUT-APPLY' }),
    });
    expect(applied.kind === 'answered' && applied.status, JSON.stringify(applied)).toBe(200);
    const cardId = JSON.parse((applied as { body: string }).body).data.cardInfos[0].cardId as string;
    const topUp = (n: number) => requestOnce(`${first.url}/openapi/v1/orders/standard/topup`, {
      method: 'POST', headers, body: JSON.stringify({ cardId, topUpAmount: '1', customerOrderNo: `SHUT-TOP-${n}` }),
    });

    // An idle keep-alive connection: Node's server would otherwise wait for it (72 s) before closing.
    const keepAlive = new http.Agent({ keepAlive: true });
    let idleClosed = false;
    await new Promise<void>((resolve, reject) => {
      http.get(`${first.url}/healthz`, { agent: keepAlive }, (response) => {
        response.socket.once('close', () => { idleClosed = true; });
        response.resume().on('end', resolve);
      }).on('error', reject);
    });

    const received = () => first.stdout().split('\n').filter((line) => line.includes('incoming request') && line.includes('/standard/topup')).length;
    let settled = 0;
    const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) => topUp(i + 1).finally(() => { settled++; }));
    // Signal once the server has every one of them (and, with the channel's latency, is still executing them).
    await first.waitForOutput(() => received() >= IN_FLIGHT, 60_000);
    first.child.kill('SIGTERM');
    const settledAtSignal = settled;
    await refusedFrom(port, 10_000);
    const late = await Promise.all(Array.from({ length: AFTER_SIGTERM }, (_, i) => topUp(IN_FLIGHT + i + 1)));
    const fates: RequestFate[] = await Promise.all(inFlight);

    const exit = await first.exited;
    expect(exit, first.stderr()).toEqual({ code: 0, signal: null });
    expect(idleClosed).toBe(true);
    keepAlive.destroy();
    // The signal came in the middle: some answers were still to come.
    expect(settledAtSignal).toBeLessThan(IN_FLIGHT);
    expect(late.map((fate) => fate.kind)).toEqual(Array(AFTER_SIGTERM).fill('refused'));
    const acknowledged: string[] = [];
    for (const [i, fate] of fates.entries()) {
      expect(fate.kind, JSON.stringify(fate)).toBe('answered');
      const envelope = JSON.parse((fate as { body: string }).body);
      expect(envelope).toMatchObject({ responseId: expect.any(String), hasError: expect.any(Boolean) });
      if (!envelope.hasError) {
        expect(envelope.data.customerOrderNo).toBe(`SHUT-TOP-${i + 1}`);
        acknowledged.push(envelope.data.customerOrderNo);
      }
    }
    expect(acknowledged.length).toBe(IN_FLIGHT);
    expect(first.stdout()).toContain('shutdown complete');

    // The same store again: nothing lost, nothing twice, the books balance.
    const second = await start();
    const adminKey = readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
    const verify = await (await fetch(`${second.url}/admin/v1/ledger/verify`, { headers: { 'x-admin-key': adminKey } })).json() as any;
    expect(verify.data.problems).toEqual([]);
    expect(verify.data.ok).toBe(true);
    const listed = await (await fetch(`${second.url}/openapi/v1/orders/standard?OrderType=CardTopUp&PageSize=100`, { headers })).json() as any;
    const byNumber = new Map<string, Array<{ status: string }>>();
    for (const order of listed.data.data) byNumber.set(order.customerOrderNo, [...(byNumber.get(order.customerOrderNo) ?? []), order]);
    for (const number of acknowledged) {
      expect(byNumber.get(number)?.length, number).toBe(1);
      // The worker drained before exiting: no top-up was left half-done for a lease to recover.
      expect(byNumber.get(number)![0]!.status, number).toBe('Completed');
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});
