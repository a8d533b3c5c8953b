// Starting the real Cardepass server (as `cardepass serve` in its own process,
// exactly as an operator would) and the few API calls the benchmark needs to
// set up a funded card and check the books afterwards.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, waitFor, type Managed } from './procs.ts';

export interface Server { proc: Managed; base: string; dataDir: string }

export async function startCardepass(opts: { repo: string; databaseUrl: string; port: number; dataDir: string; logFile: string; poolSize: number }): Promise<Server> {
  // Start from our environment minus any CARDEPASS_* a developer may have
  // exported (an admin key, a rate limit…), so the run is reproducible.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CARDEPASS_')));
  Object.assign(env, {
    DATABASE_URL: opts.databaseUrl,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    CARDEPASS_DATA_DIR: opts.dataDir,
    CARDEPASS_RATE_LIMIT_RPS: '0', // unlimited: we measure the server, not its limiter
    CARDEPASS_DB_POOL_SIZE: String(opts.poolSize),
  });
  // For measuring a setting against the defaults, e.g. BENCH_SERVER_ENV='CARDEPASS_AUTH_BATCH_CONCURRENCY=2' (space-separated).
  for (const pair of (process.env.BENCH_SERVER_ENV ?? '').split(' ').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`BENCH_SERVER_ENV: "${pair}" is not NAME=value`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  // For profiling the server under load, e.g. BENCH_SERVER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
  const nodeFlags = process.env.BENCH_SERVER_NODE_FLAGS ? process.env.BENCH_SERVER_NODE_FLAGS.split(' ') : [];
  const proc = startProcess('cardepass server', process.execPath, [...nodeFlags, join(opts.repo, 'packages/cli/bin/cardepass.mjs'), 'serve'],
    { env, cwd: opts.repo, logFile: opts.logFile });
  const base = `http://127.0.0.1:${opts.port}`;
  // Credentials are written before listen(), so once the port answers both are there.
  await waitFor('the Cardepass server to listen', 90_000, async () => {
    const res = await fetch(`${base}/openapi/v1/ping`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return existsSync(join(opts.dataDir, 'demo-credentials.json')) ? true : undefined;
  }, proc);
  return { proc, base, dataDir: opts.dataDir };
}

export interface Api {
  customerId: string;
  adminKey: string;
  token: string;
  /** JSON request; throws on a non-2xx status or an error envelope. */
  call<T = any>(method: string, path: string, body?: unknown, admin?: boolean): Promise<T>;
}

export interface Credentials { customerId: string; clientId: string; clientSecret: string }

/** The seeded demo customer, with the admin key the server wrote to its data dir. */
export async function connect(server: Server): Promise<Api> {
  const creds = JSON.parse(readFileSync(join(server.dataDir, 'demo-credentials.json'), 'utf8')) as Credentials;
  const adminKey = readFileSync(join(server.dataDir, 'admin.key'), 'utf8').trim();
  return login(server, adminKey, creds);
}

/** Any customer: a token from its client credentials (client_credentials grant). */
export async function login(server: Server, adminKey: string, creds: Credentials): Promise<Api> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret });
  const tokenRes = await fetch(`${server.base}/openapi/connect/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, signal: AbortSignal.timeout(10_000),
  });
  const tokenBody = await tokenRes.json() as { access_token?: string };
  if (!tokenRes.ok || !tokenBody.access_token) throw new Error(`token request failed: ${tokenRes.status} ${JSON.stringify(tokenBody)}`);
  const token = tokenBody.access_token;

  const call = async (method: string, path: string, body?: unknown, admin = false) => {
    const headers: Record<string, string> = admin ? { 'x-admin-key': adminKey } : { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Ledger verification reads every entry: allow it time after tens of thousands of orders.
    const res = await fetch(`${server.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(120_000) });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path}: ${res.status}, not JSON: ${text.slice(0, 300)}`);
    }
    if (!res.ok || json.hasError) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return json.data;
  };
  return { customerId: creds.customerId, adminKey, token, call };
}

/** Balances are JSON numbers with the currency's decimals: compare in cents. */
export const cents = (amount: number) => Math.round(amount * 100);

export async function cardBalanceCents(api: Api, cardId: string): Promise<number> {
  const card = await api.call<{ balanceAmount: number }>('GET', `/openapi/v1/cards/${cardId}`);
  return cents(card.balanceAmount);
}

/**
 * Applies for a Standard USD card and waits (bounded) for its order to complete; returns the card id.
 * customerOrderNo is the idempotency key: concurrent applications of one customer each need their own.
 */
export async function applyCard(api: Api, topUpAmount: string, customerOrderNo = `bench-apply-${Date.now()}`): Promise<string> {
  return completedCard(api, 'standard', await api.call('POST', '/openapi/v1/orders/standard/apply', { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount, customerOrderNo }));
}

/**
 * Applies for a ShareBalance USD card (PROD001): it spends from the
 * customer's funding account, at most maxAuthAmount per authorization and,
 * with no maxCreditAmount, without a total limit. Returns the card id.
 */
export async function applyShareBalanceCard(api: Api, maxAuthAmount: string, customerOrderNo: string, maxCreditAmount?: string): Promise<string> {
  const body = { productCode: 'PROD001', cardCurrency: 'USD', maxAuthAmount, customerOrderNo, ...(maxCreditAmount ? { maxCreditAmount } : {}) };
  return completedCard(api, 'sharebalance', await api.call('POST', '/openapi/v1/orders/sharebalance/apply', body));
}

async function completedCard(api: Api, model: 'standard' | 'sharebalance', submitted: any): Promise<string> {
  let order = submitted;
  order = await waitFor('the card application to complete', 30_000, async () => {
    if (order.status !== 'Processing') return order;
    order = await api.call('GET', `/openapi/v1/orders/${model}?OrderNo=${encodeURIComponent(order.orderNo)}`);
    return order.status !== 'Processing' ? order : undefined;
  });
  if (order.status !== 'Completed') throw new Error(`card application ended ${order.status}: ${order.failureReason}`);
  const cardId = order.cardInfos?.[0]?.cardId as string | undefined;
  if (!cardId) throw new Error(`completed card application has no card: ${JSON.stringify(order)}`);
  return cardId;
}
