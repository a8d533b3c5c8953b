// The crash test's client: every money request carries its idempotency key
// (customerOrderNo for orders, reference for authorizations) and is sent again
// WITH THE SAME KEY, to either API process, whenever it got no definitive
// answer (connection refused or reset, timeout, 5xx, 429), within a bounded
// number of attempts and time — what a careful integrator does.
import { setTimeout as sleep } from 'node:timers/promises';

// A request may land on a process that is being killed: a few seconds is plenty for a live one.
const REQUEST_TIMEOUT_MS = 8000;
const MAX_ATTEMPTS = 30;
const RETRY_DEADLINE_MS = 30_000;

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  sent: number;
  /** Sends after the first one of a key. */
  retries: number;
  /** Keys whose retries ran out without a definitive answer. */
  unanswered: number;
  /** Definitive refusals (4xx) by errorCode. */
  refusals: Record<string, number>;
  /** Why attempts were retried (connection error, status). */
  retryCauses: Record<string, number>;
}

export const newStats = (): ClientStats => ({ sent: 0, retries: 0, unanswered: 0, refusals: {}, retryCauses: {} });

export type Answer =
  | { kind: 'ok'; data: any; replayed: boolean; attempts: number }
  | { kind: 'refused'; status: number; errorCode: string; attempts: number }
  | { kind: 'unanswered'; attempts: number; lastCause: string };

const count = (map: Record<string, number>, key: string) => { map[key] = (map[key] ?? 0) + 1; };

/** A connection error's most specific name (ECONNREFUSED, UND_ERR_SOCKET…), for the retry figures. */
function causeOf(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.name ?? e.name ?? 'error';
}

/**
 * POSTs body to path until a definitive answer: 2xx (the envelope's data) or a 4xx other than 429.
 * The first attempt goes to bases[first], each retry to the next base: a load balancer
 * sends a retry to whichever process is up.
 */
export async function postKeyed(bases: string[], first: number, path: string, token: string, body: unknown, stats: ClientStats): Promise<Answer> {
  const deadline = Date.now() + RETRY_DEADLINE_MS;
  let lastCause = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && Date.now() < deadline; attempt++) {
    stats.sent++;
    if (attempt > 1) stats.retries++;
    const base = bases[(first + attempt - 1) % bases.length]!;
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      if (res.status >= 500 || res.status === 429) {
        lastCause = `HTTP ${res.status}`;
      } else {
        const json = JSON.parse(text) as { hasError?: boolean; errorCode?: string; data?: unknown };
        if (res.ok && !json.hasError) return { kind: 'ok', data: json.data, replayed: res.headers.get('idempotent-replayed') === 'true', attempts: attempt };
        const errorCode = json.errorCode ?? `HTTP ${res.status}`;
        count(stats.refusals, errorCode);
        return { kind: 'refused', status: res.status, errorCode, attempts: attempt };
      }
    } catch (error) {
      lastCause = causeOf(error);
    }
    count(stats.retryCauses, lastCause);
    // Short backoff with jitter: a killed API process is back within seconds, the other one at once.
    await sleep(Math.min(1000, 50 * attempt) + Math.random() * 50);
  }
  stats.unanswered++;
  return { kind: 'unanswered', attempts: MAX_ATTEMPTS, lastCause };
}

/** A GET that must succeed (checks after the chaos, when every process is up): the envelope's data. */
export async function getData(base: string, path: string, headers: Record<string, string>): Promise<any> {
  const res = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { hasError?: boolean; data?: unknown };
  if (json.hasError) throw new Error(`GET ${path}: ${text.slice(0, 300)}`);
  return json.data;
}

/** A POST that must succeed the first time (set-up, before any process is killed). */
export async function postData(base: string, path: string, headers: Record<string, string>, body: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { hasError?: boolean; data?: unknown };
  if (json.hasError) throw new Error(`POST ${path}: ${text.slice(0, 300)}`);
  return json.data;
}
