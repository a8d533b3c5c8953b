// Setup of the pgbench-shaped write scenario: several customers with several
// Standard cards each, so that top-ups spread over many funding-account and
// card rows the way pgbench's tpcb-like spreads over branches, tellers and
// accounts. Everything goes through the API (admin and OpenAPI), as an
// operator and an integrator would do it, with bounded parallelism so that
// 100 card applications take seconds and do not flood the server's worker.
// The authorization scenarios use it too, with ShareBalance cards (`apply`).
import { applyCard, login, type Api, type Credentials, type Server } from './cardepass.ts';
import type { TopupTarget } from './wrk.ts';

export interface SpreadTarget extends TopupTarget { customerId: string }

/** Runs fn over items with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Creates `customers` customers (POST /admin/v1/customers), funds each with
 * `deposit` USD, gets each one's token and applies for `cardsPerCustomer`
 * cards per customer: Standard USD cards (PROD001, 10.00 first top-up) unless
 * `apply` says otherwise. `admin` is any Api: only its admin key is used.
 */
export async function setupSpread(server: Server, admin: Api, opts: {
  customers: number; cardsPerCustomer: number; deposit: string; runId: string; parallel: number;
  /** How to get a card (default: a Standard card with a 10.00 first top-up); resolves to its id. */
  apply?: (api: Api, customerOrderNo: string) => Promise<string>;
  /** Customer names are bench-<runId>-<namePrefix><i>. */
  namePrefix?: string;
}): Promise<SpreadTarget[]> {
  const apply = opts.apply ?? ((api: Api, no: string) => applyCard(api, '10', no));
  const apis = await mapLimit(range(opts.customers), opts.parallel, async (i) => {
    const name = `bench-${opts.runId}-${opts.namePrefix ?? ''}${i}`;
    const creds = await admin.call<Credentials>('POST', '/admin/v1/customers', { name }, true);
    await admin.call('POST', '/admin/v1/deposits', { customerId: creds.customerId, currency: 'USD', amount: opts.deposit, reference: name }, true);
    return login(server, admin.adminKey, creds);
  });
  // Interleave customers (card 0 of every customer, then card 1 …) so that the
  // applications in flight at once mostly belong to different customers and do
  // not queue on one funding account.
  const jobs = range(opts.cardsPerCustomer).flatMap((j) => apis.map((api) => ({ api, j })));
  const cardIds = await mapLimit(jobs, opts.parallel, ({ api, j }) => apply(api, `bench-${opts.runId}-apply-${j}`));
  for (const id of cardIds) {
    // Card ids go into SQL text (bench/lib/books.ts) and wrk's argv.
    if (!/^[A-Za-z0-9]+$/.test(id)) throw new Error(`unexpected card id ${id}`);
  }
  if (new Set(cardIds).size !== cardIds.length) throw new Error('two card applications returned the same card');
  return jobs.map(({ api }, k) => ({ customerId: api.customerId, token: api.token, cardId: cardIds[k]! }));
}
