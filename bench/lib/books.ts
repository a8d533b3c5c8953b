// The books of the top-up scenarios, read from the server's database with
// psql: the API has no per-status order count, and checking 100 cards one
// GET at a time would be slow and not atomic. A top-up's money lands on the
// card only when its order completes, so after the runs (and after orders
// still running have settled) every card's balance must have grown by exactly
// 1.00 per Completed top-up order on it, and no order may have failed.
import type { BenchCluster } from './cluster.ts';
import { waitFor } from './procs.ts';
import type { Check } from './report.ts';
import type { LoadResult } from './wrk.ts';

export interface TopupStatuses { Completed: number; Processing: number; Failure: number }

/** Card ids go into SQL text: allow only what the server generates. */
function idList(cardIds: string[]): string {
  if (!cardIds.length) throw new Error('no cards');
  for (const id of cardIds) if (!/^[A-Za-z0-9]+$/.test(id)) throw new Error(`unexpected card id ${id}`);
  return cardIds.map((id) => `'${id}'`).join(',');
}

/** Top-up orders of these cards by status. (orders has no index on card_id: one scan for all cards.) */
export async function topupStatuses(pg: BenchCluster, cardIds: string[]): Promise<TopupStatuses> {
  const out = await pg.sql('cardepass', `SELECT status || '=' || count(*) FROM orders WHERE order_type = 'CardTopUp' AND card_id IN (${idList(cardIds)}) GROUP BY status`);
  const m: TopupStatuses = { Completed: 0, Processing: 0, Failure: 0 };
  for (const line of out.split('\n').filter(Boolean)) m[line.split('=')[0] as keyof TopupStatuses] = Number(line.split('=')[1]);
  return m;
}

/**
 * Waits until none of these cards' top-ups is Processing: requests in flight
 * when wrk stopped were never read by it, but the server still completes them;
 * orders that hit a retry wait for the worker. Bounded: returns the statuses
 * as they are when the wait runs out.
 */
export function settleTopups(pg: BenchCluster, cardIds: string[], what: string, ms: number, log: (s: string) => void): Promise<TopupStatuses> {
  return waitFor(what, ms, async () => {
    const m = await topupStatuses(pg, cardIds);
    return m.Processing === 0 ? m : undefined;
  }).catch(async () => {
    const m = await topupStatuses(pg, cardIds);
    log(`${what}: still ${m.Processing} Processing after ${ms / 1000} s`);
    return m;
  });
}

/** Each card's available balance (balance − held: the API's balanceAmount) in cents, from the ledger. */
export async function cardBalances(pg: BenchCluster, cardIds: string[]): Promise<Map<string, number>> {
  const out = await pg.sql('cardepass', `SELECT c.id || '=' || (a.balance_minor - a.held_minor) FROM cards c JOIN ledger_accounts a ON a.id = c.account_id WHERE c.id IN (${idList(cardIds)})`);
  const m = new Map(out.split('\n').filter(Boolean).map((l) => [l.split('=')[0]!, Number(l.split('=')[1])] as const));
  if (m.size !== cardIds.length) throw new Error(`found the ledger account of ${m.size} of ${cardIds.length} cards`);
  return m;
}

export interface TopupBooks extends TopupStatuses {
  cards: number;
  /** Sum over the cards of the balance increase since `before`, in cents. */
  deltaMinor: number;
  /** Cards whose increase is not 1.00 × their Completed top-ups: "<id> +<cents> for <n>". */
  mismatched: string[];
  /** Fewest and most Completed top-ups on one card: shows the load really spread. */
  minPerCard: number;
  maxPerCard: number;
}

/**
 * One query, one snapshot: per card, the balance increase since `before`
 * against 100 cents × its Completed CardTopUp orders, plus the totals.
 */
export async function topupBooks(pg: BenchCluster, before: Map<string, number>): Promise<TopupBooks> {
  const ids = [...before.keys()];
  idList(ids);
  const values = ids.map((id) => `('${id}', ${Math.trunc(before.get(id)!)}::bigint)`).join(',');
  const out = await pg.sql('cardepass', `
    WITH b(card_id, before_minor) AS (VALUES ${values}),
    o AS (SELECT card_id, count(*) FILTER (WHERE status = 'Completed') AS completed,
            count(*) FILTER (WHERE status = 'Processing') AS processing, count(*) FILTER (WHERE status = 'Failure') AS failure
          FROM orders WHERE order_type = 'CardTopUp' AND card_id IN (SELECT card_id FROM b) GROUP BY card_id),
    t AS (SELECT b.card_id, a.balance_minor - a.held_minor - b.before_minor AS delta, coalesce(o.completed, 0) AS completed,
            coalesce(o.processing, 0) AS processing, coalesce(o.failure, 0) AS failure
          FROM b LEFT JOIN cards c ON c.id = b.card_id LEFT JOIN ledger_accounts a ON a.id = c.account_id LEFT JOIN o ON o.card_id = b.card_id)
    SELECT concat_ws('|', count(*), coalesce(sum(delta), 0), sum(completed), sum(processing), sum(failure), min(completed), max(completed),
      string_agg(card_id || ' +' || coalesce(delta::text, '?') || ' for ' || completed, ', ') FILTER (WHERE delta IS DISTINCT FROM completed * 100))
    FROM t`);
  const [cards, delta, completed, processing, failure, min, max, mismatched] = out.split('|');
  return {
    cards: Number(cards), deltaMinor: Number(delta), Completed: Number(completed), Processing: Number(processing), Failure: Number(failure),
    minPerCard: Number(min), maxPerCard: Number(max), mismatched: mismatched ? mismatched.split(', ') : [],
  };
}

/** The pass/fail checks of one top-up scenario: its runs (warm-ups included) against its books. */
export function topupChecks(label: string, runs: LoadResult[], b: TopupBooks): Check[] {
  const sum = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r), 0);
  const seenCompleted = sum((r) => r.completed);
  const unanswered = sum((r) => Math.max(0, r.sent - r.ok - r.non2xx));
  const answered2xx = sum((r) => r.ok);
  const where = b.cards === 1 ? 'card balance' : `${b.cards} card balances`;
  return [
    {
      name: `${label}: card balance = completed top-ups × 1.00`,
      ok: b.mismatched.length === 0 && b.deltaMinor === b.Completed * 100 && b.Completed >= seenCompleted,
      detail: `${where} +${(b.deltaMinor / 100).toFixed(2)} USD; ${b.Completed} top-ups Completed on the server: ${seenCompleted} answered Completed ` +
        `+ ${b.Completed - seenCompleted} answered Processing or unanswered at wrk's cutoff (${unanswered} unanswered); warm-ups included` +
        (b.mismatched.length ? `; ${b.mismatched.length} cards off: ${b.mismatched.slice(0, 5).join(', ')}` : b.cards > 1 ? '; every card matches its own orders' : '') +
        (b.cards > 1 ? ` (${b.minPerCard}–${b.maxPerCard} top-ups per card)` : ''),
    },
    { name: `${label}: no top-up order Failure or stuck Processing`, ok: b.Processing === 0 && b.Failure === 0,
      detail: `server: ${b.Completed} Completed, ${b.Processing} Processing, ${b.Failure} Failure` },
    { name: `${label}: every top-up answer Completed`, ok: answered2xx === seenCompleted,
      detail: `${seenCompleted} of ${answered2xx} 2xx answers said Completed (the server answers with the order as it stands after at most 2 s)` },
  ];
}

/**
 * How the server batched one run's top-ups: the orders one transaction accepted share its start time
 * (created_at = now()), those one transaction completed share completed_at. customerOrderNo is
 * "<runTag>-<thread>-<n>", so the run's orders are found by prefix.
 */
export async function topupBatches(pg: BenchCluster, runTag: string): Promise<string> {
  if (!/^[A-Za-z0-9]+$/.test(runTag)) throw new Error(`unexpected run tag ${runTag}`);
  const out = await pg.sql('cardepass', `SELECT count(*) || '|' || count(DISTINCT created_at) || '|' || count(DISTINCT completed_at)
    FROM orders WHERE order_type = 'CardTopUp' AND customer_order_no LIKE '${runTag}-%'`);
  const [orders, accepts, completes] = out.split('|').map(Number) as [number, number, number];
  const per = (n: number) => (n ? (orders / n).toFixed(1) : '–');
  return `${orders} top-ups accepted in ${accepts} database transactions (${per(accepts)} per batch), completed in ${completes} (${per(completes)} per batch)`;
}
