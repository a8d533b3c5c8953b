// The state the fuzz suite runs against, and the snapshot that proves it unchanged.
// One customer (the fuzzer) owns real cards, orders and transactions, so fuzzed
// queries and card views render real rows through the handlers; a second customer
// owns a card whose id the fuzzer may quote, which must always answer as not found.
import { createHash } from 'node:crypto';
import type { TestCustomer, TestPlatform } from '../harness.ts';
import { applyCard, postOk } from '../standard-kit.ts';
import { applyShareCard } from '../share-balance-kit.ts';
import { approved, simulateOk } from '../transactions-kit.ts';

export interface FuzzWorld {
  fuzzer: TestCustomer;
  other: TestCustomer;
  /** Ids of the fuzzer's own objects: only these can reach a state change through /v1. */
  own: { standardCardId: string; shareCardId: string; pendingAuthId: string; settledAuthId: string; orderNos: string[] };
  /** Ids of everything that exists anywhere (customers, clients, cards, transactions, products). */
  existing: Set<string>;
}

export async function buildWorld(p: TestPlatform): Promise<FuzzWorld> {
  const fuzzer = await p.customer({ USD: '1000' });
  const other = await p.customer({ USD: '200' });
  const standard = await applyCard(p, fuzzer, '100');
  const share = await applyShareCard(p, fuzzer);
  await postOk(p, fuzzer, 'topup', { cardId: standard.cardId, topUpAmount: '10' });
  const settledAuthId = await approved(p, fuzzer, standard.cardId, '5');
  await simulateOk(p, fuzzer, 'clear', { transactionId: settledAuthId });
  const pendingAuthId = await approved(p, fuzzer, share.cardId, '7.5');
  await applyCard(p, other, '50');
  const existing = new Set<string>();
  for (const sql of ['SELECT id FROM customers', 'SELECT client_id AS id FROM api_clients', 'SELECT id FROM cards',
    'SELECT id FROM card_transactions', 'SELECT code AS id FROM products', 'SELECT order_no AS id FROM orders']) {
    for (const row of (await p.store.query<{ id: string }>(sql)).rows) existing.add(row.id);
  }
  return {
    fuzzer, other, existing,
    own: { standardCardId: standard.cardId, shareCardId: share.cardId, pendingAuthId, settledAuthId, orderNos: [standard.order.orderNo, share.order.orderNo] },
  };
}

// Every table that holds money, cards, customers or credentials, in a stable order. Columns
// that change without any request (a card's ciphertexts and data-key version, re-encrypted
// by data-key rotation in the background) are left out; what they encrypt is pan_hash.
const SNAPSHOT_QUERIES: Record<string, string> = {
  customers: 'SELECT id, name, status FROM customers ORDER BY id',
  api_clients: 'SELECT client_id, customer_id, secret_hash, status, revoked_at FROM api_clients ORDER BY client_id',
  products: 'SELECT * FROM products ORDER BY code',
  product_fees: 'SELECT * FROM product_fees ORDER BY product_code, fee_code',
  ledger_accounts: 'SELECT * FROM ledger_accounts ORDER BY id',
  journal_entries: 'SELECT * FROM journal_entries ORDER BY id',
  postings: 'SELECT * FROM postings ORDER BY id',
  cards: `SELECT id, customer_id, product_code, card_model, currency, alias, status, pending_op, inflight_orders, pan_hash, pan_last4,
    expiry_mmyy, expires_at, account_id, max_auth_minor, max_credit_minor, used_credit_minor, apply_order_no FROM cards ORDER BY id`,
  orders: 'SELECT * FROM orders ORDER BY order_no',
  card_transactions: 'SELECT * FROM card_transactions ORDER BY id',
  jobs: 'SELECT id, kind, ref FROM jobs ORDER BY id',
};

export interface StateSnapshot {
  /** Row count and a digest of the rows, per table. */
  tables: Record<string, { rows: number; digest: string }>;
  /** The ledger in figures: entries, postings, and the sum of postings per currency (always zero when balanced). */
  ledger: { entries: number; postings: number; balances: Record<string, string> };
}

export async function snapshotState(p: TestPlatform): Promise<StateSnapshot> {
  const tables: StateSnapshot['tables'] = {};
  for (const [table, sql] of Object.entries(SNAPSHOT_QUERIES)) {
    const { rows } = await p.store.query<Record<string, unknown>>(sql);
    const text = JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
    tables[table] = { rows: rows.length, digest: createHash('sha256').update(text).digest('hex').slice(0, 16) };
  }
  const balances: Record<string, string> = {};
  const { rows } = await p.store.query<{ kind: string; currency: string; total: string }>(
    'SELECT kind, currency, sum(balance_minor)::text AS total FROM ledger_accounts GROUP BY kind, currency ORDER BY kind, currency');
  for (const row of rows) balances[`${row.kind}:${row.currency}`] = row.total;
  return { tables, ledger: { entries: tables.journal_entries!.rows, postings: tables.postings!.rows, balances } };
}
