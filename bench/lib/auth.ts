// The authorization scenarios' books. Every approved authorization places a
// hold of its amount on the card's hold account: for a ShareBalance card the
// customer's USD funding account. Nothing clears, reverses or expires them
// during a run (holds expire after CARDEPASS_AUTH_EXPIRY_DAYS, 7), so after
// the runs each funding account's held amount must be exactly the sum of its
// Pending authorizations, its available balance must not be negative, and
// what the load generators saw approved must be on the server: all of it,
// plus at most what was still in flight when wrk stopped.
import type { BenchCluster } from './cluster.ts';
import type { Check } from './report.ts';
import type { AuthCounts } from './wrk.ts';

/** What the load generators saw over a scenario's runs (warm-ups included). */
export interface SeenAuth extends AuthCounts {
  /** 2xx answers in all. */
  ok: number;
  non2xx: number;
  errors: number;
  /** Requests sent and never answered (wrk stops without reading what is in flight); the server may have approved them. */
  unanswered: number;
}

export const noneSeen = (): SeenAuth => ({ approved: 0, declined: 0, other: 0, approvedMinor: 0, declineReasons: {}, ok: 0, non2xx: 0, errors: 0, unanswered: 0 });

export function addSeen(a: SeenAuth, b: Partial<SeenAuth>): SeenAuth {
  const reasons = { ...a.declineReasons };
  for (const [k, v] of Object.entries(b.declineReasons ?? {})) reasons[k] = (reasons[k] ?? 0) + v;
  return {
    approved: a.approved + (b.approved ?? 0), declined: a.declined + (b.declined ?? 0), other: a.other + (b.other ?? 0),
    approvedMinor: a.approvedMinor + (b.approvedMinor ?? 0), declineReasons: reasons, ok: a.ok + (b.ok ?? 0),
    non2xx: a.non2xx + (b.non2xx ?? 0), errors: a.errors + (b.errors ?? 0), unanswered: a.unanswered + (b.unanswered ?? 0),
  };
}

export interface AuthBooks {
  customers: number;
  /** Funding accounts whose held amount is not the sum of their Pending authorizations: "<customer> held <h> vs <sum>". */
  mismatched: string[];
  /** Funding accounts with balance − held < 0. */
  negative: string[];
  heldMinor: number;
  pendingMinor: number;
  pending: number;
  declined: number;
  declineReasons: Record<string, number>;
  /** Fewest and most authorizations on one card: shows the load really spread. */
  minPerCard: number;
  maxPerCard: number;
  cards: number;
  minAvailableMinor: number;
}

function idList(ids: string[]): string {
  if (!ids.length) throw new Error('no ids');
  for (const id of ids) if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`unexpected id ${id}`);
  return ids.map((id) => `'${id}'`).join(',');
}

/**
 * One query, one snapshot, over these customers' USD funding accounts and
 * their card transactions. Run it once no request is in flight.
 */
export async function authBooks(pg: BenchCluster, customerIds: string[], cardIds: string[]): Promise<AuthBooks> {
  const customers = idList(customerIds);
  const out = await pg.sql('cardepass', `
    WITH f AS (SELECT id, customer_id, balance_minor, held_minor FROM ledger_accounts
               WHERE kind = 'funding' AND currency = 'USD' AND card_id IS NULL AND customer_id IN (${customers})),
    t AS (SELECT customer_id, count(*) FILTER (WHERE status = 'Pending') AS pending,
            coalesce(sum(held_minor) FILTER (WHERE status = 'Pending'), 0) AS pending_minor
          FROM card_transactions WHERE type = 'Authorization' AND customer_id IN (${customers}) GROUP BY customer_id),
    j AS (SELECT f.customer_id, f.balance_minor, f.held_minor, coalesce(t.pending, 0) AS pending, coalesce(t.pending_minor, 0) AS pending_minor
          FROM f LEFT JOIN t ON t.customer_id = f.customer_id)
    SELECT concat_ws('|', count(*), sum(held_minor), sum(pending_minor), sum(pending), min(balance_minor - held_minor),
      coalesce(string_agg(customer_id || ' held ' || held_minor || ' vs ' || pending_minor, ', ') FILTER (WHERE held_minor <> pending_minor), ''),
      coalesce(string_agg(customer_id || ' available ' || (balance_minor - held_minor), ', ') FILTER (WHERE balance_minor - held_minor < 0), ''))
    FROM j`);
  const [n, held, pendingMinor, pending, minAvail, mismatched, negative] = out.split('|');
  const declinedOut = await pg.sql('cardepass', `SELECT decline_reason || '=' || count(*) FROM card_transactions
    WHERE type = 'Authorization' AND status = 'Declined' AND customer_id IN (${customers}) GROUP BY decline_reason`);
  const declineReasons: Record<string, number> = {};
  for (const l of declinedOut.split('\n').filter(Boolean)) declineReasons[l.split('=')[0]!] = Number(l.split('=')[1]);
  const perCard = await pg.sql('cardepass', `SELECT coalesce(min(n), 0) || '|' || coalesce(max(n), 0) || '|' || count(*) FROM (
    SELECT c.id, count(t.id) AS n FROM cards c LEFT JOIN card_transactions t ON t.card_id = c.id AND t.type = 'Authorization'
    WHERE c.id IN (${idList(cardIds)}) GROUP BY c.id) x`);
  const [minPerCard, maxPerCard, cards] = perCard.split('|').map(Number);
  return {
    customers: Number(n), heldMinor: Number(held), pendingMinor: Number(pendingMinor), pending: Number(pending),
    minAvailableMinor: Number(minAvail),
    mismatched: mismatched ? mismatched.split(', ') : [], negative: negative ? negative.split(', ') : [],
    declined: Object.values(declineReasons).reduce((a, b) => a + b, 0), declineReasons,
    minPerCard: minPerCard!, maxPerCard: maxPerCard!, cards: cards!,
  };
}

const usd = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const reasons = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

/**
 * The pass/fail checks of one authorization scenario. `maxMinor` is the
 * largest amount a request may carry: what an unanswered request could have
 * added to the holds.
 */
export function authChecks(label: string, seen: SeenAuth, b: AuthBooks, maxMinor: number): Check[] {
  const upper = seen.approvedMinor + seen.unanswered * maxMinor;
  return [
    {
      name: `${label}: funding held = sum of Pending authorizations`,
      ok: b.mismatched.length === 0 && b.heldMinor === b.pendingMinor,
      detail: `${b.customers} funding account${b.customers > 1 ? 's' : ''}: held ${usd(b.heldMinor)} USD, ${b.pending} Pending authorizations of ${usd(b.pendingMinor)} USD` +
        (b.mismatched.length ? `; off: ${b.mismatched.slice(0, 5).join(', ')}` : b.customers > 1 ? '; every account matches its own' : ''),
    },
    {
      name: `${label}: approvals seen = Pending on the server`,
      ok: b.pending >= seen.approved && b.pending <= seen.approved + seen.unanswered && b.pendingMinor >= seen.approvedMinor && b.pendingMinor <= upper,
      detail: `load generators saw ${seen.approved} approved (${usd(seen.approvedMinor)} USD), ${seen.unanswered} unanswered at cutoff; ` +
        `server: ${b.pending} Pending (${usd(b.pendingMinor)} USD); warm-ups included`,
    },
    {
      name: `${label}: no negative available balance`,
      ok: b.negative.length === 0,
      detail: b.negative.length ? b.negative.slice(0, 5).join(', ') : `lowest available ${usd(b.minAvailableMinor)} USD`,
    },
    {
      name: `${label}: no authorization declined`,
      ok: seen.declined === 0 && b.declined === 0 && seen.other === 0,
      detail: `seen: ${seen.declined} declined (${reasons(seen.declineReasons)}), ${seen.other} other 2xx; server: ${b.declined} Declined (${reasons(b.declineReasons)})` +
        `; ${b.cards} cards, ${b.minPerCard}–${b.maxPerCard} authorizations per card`,
    },
  ];
}

/**
 * How the server batched one run's authorizations: the rows of one batch
 * were inserted by one database transaction, so they share an xmin. The
 * references are "<runTag>-<thread>-<n>", so the run's rows are found by prefix.
 */
export async function batchStats(pg: BenchCluster, runTag: string): Promise<{ authorizations: number; batches: number; maxBatch: number }> {
  if (!/^[A-Za-z0-9]+$/.test(runTag)) throw new Error(`unexpected run tag ${runTag}`);
  const out = await pg.sql('cardepass', `SELECT count(*) || '|' || count(DISTINCT xmin::text) || '|' || coalesce(max(n), 0) FROM (
    SELECT xmin, count(*) OVER (PARTITION BY xmin::text) AS n FROM card_transactions WHERE type = 'Authorization' AND reference LIKE '${runTag}-%') x`);
  const [authorizations, batches, maxBatch] = out.split('|').map(Number);
  return { authorizations: authorizations!, batches: batches!, maxBatch: maxBatch! };
}

export const formatBatches = (b: { authorizations: number; batches: number; maxBatch: number }) =>
  `${b.authorizations} authorizations in ${b.batches} database transactions (${b.batches ? (b.authorizations / b.batches).toFixed(1) : '–'} per batch, largest ${b.maxBatch})`;
