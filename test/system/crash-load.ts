// The crash test's load: concurrent top-ups and withdrawals on Standard cards
// (orders keyed by customerOrderNo) and authorizations on ShareBalance cards
// (keyed by reference), spread over the API processes, each retried with its
// own key until it has a definitive answer. Everything sent is recorded, so
// the books can be checked against it afterwards.
import { setTimeout as sleep } from 'node:timers/promises';
import { postKeyed, type Answer, type ClientStats } from './crash-client.ts';

export interface SentOrder { customerOrderNo: string; kind: 'topup' | 'withdraw'; cardId: string; amount: string; answer: Answer }
export interface SentAuthorization { reference: string; cardId: string; amount: string; answer: Answer }

export interface LoadSpec {
  bases: string[];
  token: string;
  standardCards: string[];
  shareCards: string[];
  /** Concurrent loops of each kind. */
  orderLoops: number;
  authorizationLoops: number;
  /** Pause between one loop's requests: paces the load on a 2-core machine. */
  pause_ms: [number, number];
  /** Unique per run, so keys never collide with another run's. */
  runId: string;
  stats: ClientStats;
  stopped: () => boolean;
}

export interface LoadRecord { orders: SentOrder[]; authorizations: SentAuthorization[] }

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));
/** Whole cents as decimal text, as the API accepts amounts. */
const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Runs the loops until stopped() and every request in flight has its final answer (or ran out of retries). */
export async function runLoad(spec: LoadSpec): Promise<LoadRecord> {
  const record: LoadRecord = { orders: [], authorizations: [] };
  let sequence = 0;
  const pause = () => sleep(between(spec.pause_ms[0], spec.pause_ms[1]));

  const orderLoop = async (loop: number) => {
    while (!spec.stopped()) {
      const n = ++sequence;
      const cardId = pick(spec.standardCards);
      // Top-ups outweigh withdrawals so cards keep a balance to withdraw from; both kinds are refused
      // now and then (insufficient funds), which is a definitive answer like any other.
      const kind = Math.random() < 0.65 ? 'topup' : 'withdraw';
      const customerOrderNo = `crash-${spec.runId}-${n}`;
      const amount = kind === 'topup' ? money(between(1000, 3000)) : money(between(100, 900));
      const body = kind === 'topup' ? { cardId, topUpAmount: amount, customerOrderNo } : { cardId, withdrawAmount: amount, customerOrderNo };
      const answer = await postKeyed(spec.bases, loop + n, `/openapi/v1/orders/standard/${kind}`, spec.token, body, spec.stats);
      record.orders.push({ customerOrderNo, kind, cardId, amount, answer });
      await pause();
    }
  };

  const authorizationLoop = async (loop: number) => {
    while (!spec.stopped()) {
      const n = ++sequence;
      const cardId = pick(spec.shareCards);
      const reference = `crash-auth-${spec.runId}-${n}`;
      const amount = money(between(1, 500));
      const body = { cardId, amount, merchantName: 'Crash test shop', reference };
      const answer = await postKeyed(spec.bases, loop + n, '/openapi/v1/simulate/authorize', spec.token, body, spec.stats);
      record.authorizations.push({ reference, cardId, amount, answer });
      await pause();
    }
  };

  await Promise.all([
    ...Array.from({ length: spec.orderLoops }, (_, i) => orderLoop(i)),
    ...Array.from({ length: spec.authorizationLoops }, (_, i) => authorizationLoop(i)),
  ]);
  return record;
}

/** An acknowledged order: the platform answered with its orderNo. */
export const acknowledgedOrders = (record: LoadRecord) =>
  record.orders.filter((o): o is SentOrder & { answer: { kind: 'ok' } } => o.answer.kind === 'ok' && typeof o.answer.data?.orderNo === 'string');

/** An acknowledged authorization: the platform answered with its transaction (approved or declined). */
export const acknowledgedAuthorizations = (record: LoadRecord) =>
  record.authorizations.filter((a): a is SentAuthorization & { answer: { kind: 'ok' } } => a.answer.kind === 'ok' && typeof a.answer.data?.transactionId === 'string');
