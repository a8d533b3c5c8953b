// `--only growth`: does the platform keep its speed when the database is big?
// bulkLoad() puts a million cards and ten million orders of other customers
// into the server's database in plain SQL (generate_series, a few minutes),
// between two rounds of the same card reads and top-ups; indexUse() says
// which indexes the second round used, and whether any big table was scanned.
//
// What the bulk rows are: 10,000 customers with a funding and a fee account,
// 100 Standard USD cards each (every card with its own ledger account), and
// 10 orders per card, alternately CardBlock and CardUnblock, all Completed,
// spread over the past year. Block and unblock orders move no money, so the
// ledger stays provable (ledger verify still runs) without tens of millions
// of bulk journal entries; the tables the top-ups write to that grow with
// money movements (journal_entries, postings, events) stay small, and the
// report says so. The cards' PAN and CVV ciphertexts are random filler (the
// load has no data key): nothing reads a bulk card. Triggers are off during
// the load (session_replication_role = replica): no card.created events.
import type { BenchCluster } from './cluster.ts';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export const GROWTH = {
  cards: envInt('BENCH_GROWTH_CARDS', 1_000_000),
  cardsPerCustomer: 100,
  ordersPerCard: 10,
  /** Orders per INSERT statement: progress in the log, and no single transaction of ten million rows. */
  ordersPerChunk: 1_000_000,
  /** Each figure with the big database must be at least this fraction of the small database's. */
  goal: 0.8,
};

const LOAD_SETTINGS = 'SET synchronous_commit = off; SET session_replication_role = replica; SET maintenance_work_mem = \'256MB\';';
const TIMEOUT_MS = 30 * 60_000;

export interface Loaded { label: string; summary: string; diagnostics: string[] }

const millions = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n.toLocaleString('en-US'));

export async function bulkLoad(pg: BenchCluster, db: string, g: typeof GROWTH, log: (s: string) => void): Promise<Loaded> {
  const customers = Math.ceil(g.cards / g.cardsPerCustomer);
  const orders = g.cards * g.ordersPerCard;
  const label = `${millions(g.cards)} cards and ${millions(orders)} orders in the database`;
  const timings: string[] = [];
  const step = async (what: string, query: string, settings = LOAD_SETTINGS) => {
    const t = Date.now();
    await pg.sql(db, `${settings} ${query}`, TIMEOUT_MS);
    const s = (Date.now() - t) / 1000;
    timings.push(`${what} ${s.toFixed(0)} s`);
    log(`growth: ${what} in ${s.toFixed(1)} s`);
  };
  const customerOf = (cardNo: string) => `'CUSBULK' || lpad(((${cardNo} - 1) / ${g.cardsPerCustomer} + 1)::text, 8, '0')`;
  const cardIdOf = (cardNo: string) => `'CARDBULK' || lpad((${cardNo})::text, 12, '0')`;
  log(`growth: loading ${label}`);
  const start = Date.now();
  await step(`${customers.toLocaleString('en-US')} customers and their funding and fee accounts`, `
    INSERT INTO customers (id, name, created_at)
    SELECT 'CUSBULK' || lpad(n::text, 8, '0'), 'Bulk customer ' || n, now() - interval '400 days' FROM generate_series(1, ${customers}) n;
    INSERT INTO ledger_accounts (customer_id, kind, currency)
    SELECT 'CUSBULK' || lpad(n::text, 8, '0'), k, 'USD' FROM generate_series(1, ${customers}) n, unnest(ARRAY['funding', 'fee_revenue']) k;`);
  await step(`${millions(g.cards)} cards and their ledger accounts`, `
    WITH account AS (
      INSERT INTO ledger_accounts (customer_id, kind, currency, card_id)
      SELECT ${customerOf('n')}, 'card', 'USD', ${cardIdOf('n')} FROM generate_series(1, ${g.cards}) n
      RETURNING id, customer_id, card_id)
    INSERT INTO cards (id, customer_id, product_code, card_model, currency, status, pan_encrypted, pan_hash, pan_first6, pan_last4,
                       cvv_encrypted, expiry_mmyy, expires_at, card_organization, account_id, apply_order_no, created_at)
    SELECT card_id, customer_id, 'PROD001', 'Standard', 'USD', 'Active', 'bulk:' || md5('pan' || card_id), md5(card_id), '400000', right(card_id, 4),
           'bulk:' || md5('cvv' || card_id), '1230', DATE '2030-12-31', 'VISA', id, 'ORDBULK' || right(card_id, 12),
           now() - interval '400 days' + (id % 30) * interval '1 day'
    FROM account;`);
  for (let lo = 1; lo <= orders; lo += g.ordersPerChunk) {
    const hi = Math.min(orders, lo + g.ordersPerChunk - 1);
    const cardNo = `((o - 1) / ${g.ordersPerCard} + 1)`;
    // Each card's orders alternate block, unblock, … and end with an unblock: the card stays Active.
    await step(`orders ${millions(lo - 1)}–${millions(hi)}`, `
      INSERT INTO orders (order_no, customer_id, customer_order_no, request_hash, card_model, order_type, status, card_id, currency,
                          detail, created_at, modified_at, completed_at)
      SELECT 'ORDBULK' || lpad(o::text, 13, '0'), ${customerOf(cardNo)}, 'bulk-' || o, md5(o::text), 'Standard',
             CASE WHEN o % 2 = 1 THEN 'CardBlock' ELSE 'CardUnblock' END, 'Completed', ${cardIdOf(cardNo)}, 'USD',
             jsonb_build_object('productCode', 'PROD001', 'productName', 'Bulk', 'cardCurrency', 'USD',
               'maskCardNumber', '400000******' || right(lpad(${cardNo}::text, 4, '0'), 4), 'feeItems', '[]'::jsonb, 'accounts', '{}'::jsonb,
               'isBlocked', o % 2 = 1),
             at, at, at
      FROM generate_series(${lo}, ${hi}) o, LATERAL (SELECT now() - interval '365 days' + (o::float8 / ${orders}) * interval '364 days' AS at) t;`);
  }
  // Alone: VACUUM cannot run in the transaction psql makes of several statements.
  await step('VACUUM ANALYZE of the loaded tables', 'VACUUM ANALYZE customers, ledger_accounts, cards, orders', '');
  const seconds = (Date.now() - start) / 1000;
  // reltuples is the planner's estimate, exact after the VACUUM ANALYZE; -1 for a table never analyzed (the small ones).
  const sizes = await pg.sql(db, `SELECT string_agg(relname || ' ' || CASE WHEN reltuples >= 0 THEN to_char(reltuples, 'FM999,999,999') || ' rows, ' ELSE '' END
      || pg_size_pretty(pg_total_relation_size(oid)) || ' with indexes', '; ' ORDER BY pg_total_relation_size(oid) DESC)
    FROM pg_class WHERE relkind = 'r' AND relname IN ('orders', 'cards', 'ledger_accounts', 'customers', 'journal_entries', 'postings', 'events', 'jobs')`);
  const summary = `${label}: ${customers.toLocaleString('en-US')} customers × ${g.cardsPerCustomer} cards × ${g.ordersPerCard} orders, loaded in ${seconds.toFixed(0)} s`;
  return { label, summary, diagnostics: [`Growth: ${summary} (${timings.join(', ')}). Tables after the load: ${sizes}.`] };
}

/** Zeroes the database's statistics counters, so indexUse() shows what the big-database round used. */
export async function resetIndexStats(pg: BenchCluster, db: string): Promise<void> {
  await pg.sql(db, 'SELECT pg_stat_reset()');
}

/** Which indexes the reads and top-ups used since resetIndexStats(), and how often a big table was read whole. */
export async function indexUse(pg: BenchCluster, db: string): Promise<string> {
  // Counters reach the shared statistics at the end of each transaction, within a second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const indexes = await pg.sql(db, `SELECT string_agg(indexrelname || ' (' || relname || ', ' || pg_size_pretty(pg_relation_size(indexrelid)) || '): '
      || to_char(idx_scan, 'FM999,999,999') || ' scans', '; ' ORDER BY idx_scan DESC)
    FROM pg_stat_user_indexes WHERE idx_scan > 0 AND relname IN ('orders', 'cards', 'ledger_accounts', 'customers', 'api_clients', 'jobs', 'journal_entries', 'postings', 'events', 'event_streams')`);
  const scans = await pg.sql(db, `SELECT string_agg(relname || ' ' || seq_scan, ', ' ORDER BY relname) FROM pg_stat_user_tables
    WHERE relname IN ('orders', 'cards', 'ledger_accounts', 'customers')`);
  return `Growth: indexes used by the reads and top-ups with the big database (pg_stat_user_indexes): ${indexes}. Whole-table scans in the same window: ${scans}.`;
}
