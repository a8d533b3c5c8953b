import { sql } from 'kysely';
import type { admin } from '@cardepass/contract';

type LedgerVerification = admin.LedgerVerification;
import type { Store } from '../../db/store.ts';

// Problems reported per check, at most; the count says how many there were.
const MAX_PROBLEMS_PER_CHECK = 20;

/**
 * Proves the ledger: every entry balances per currency, every balance equals
 * the sum of its postings and the last balance-after, every hold is explained
 * by an order in flight or an open authorization, nothing that may not be
 * negative is, each card's in-flight counter matches its orders, every
 * authorization's amounts agree with its status and its clearing, reversals
 * and refunds, and each ShareBalance card's used credit is what its
 * authorizations add up to.
 */
export async function verifyLedger(store: Store): Promise<LedgerVerification> {
  const db = store.db;
  const problems: string[] = [];
  const run = async (label: string, query: ReturnType<typeof sql<Record<string, unknown>>>) => {
    const { rows } = await query.execute(db);
    for (const row of rows.slice(0, MAX_PROBLEMS_PER_CHECK)) problems.push(`${label}: ${JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    if (rows.length > MAX_PROBLEMS_PER_CHECK) problems.push(`${label}: … ${rows.length - MAX_PROBLEMS_PER_CHECK} more`);
  };

  await run('entry does not balance', sql`
    SELECT e.id AS entry_id, a.currency, sum(p.amount_minor) AS total
    FROM journal_entries e JOIN postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id
    GROUP BY e.id, a.currency HAVING sum(p.amount_minor) <> 0`);
  await run('entry without postings', sql`
    SELECT e.id AS entry_id FROM journal_entries e WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id)`);
  await run('posting on another customer\'s account', sql`
    SELECT p.id AS posting_id FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
    JOIN journal_entries e ON e.id = p.entry_id WHERE p.customer_id <> a.customer_id OR e.customer_id <> a.customer_id`);
  await run('balance differs from its postings', sql`
    SELECT a.id AS account_id, a.balance_minor, coalesce(s.total, 0) AS postings_total
    FROM ledger_accounts a LEFT JOIN (SELECT account_id, sum(amount_minor) AS total FROM postings GROUP BY account_id) s ON s.account_id = a.id
    WHERE a.balance_minor <> coalesce(s.total, 0)`);
  await run('balance-after chain broken', sql`
    SELECT account_id, id AS posting_id FROM (
      SELECT p.account_id, p.id, p.balance_after_minor,
             sum(p.amount_minor) OVER (PARTITION BY p.account_id ORDER BY p.id) AS running
      FROM postings p) x
    WHERE balance_after_minor <> running`);
  await run('hold not explained by orders in flight and open authorizations', sql`
    SELECT a.id AS account_id, a.held_minor, coalesce(o.total, 0) AS orders_total, coalesce(t.total, 0) AS authorizations_total
    FROM ledger_accounts a
    LEFT JOIN (SELECT hold_account_id, sum(hold_minor) AS total FROM orders WHERE status = 'Processing' GROUP BY hold_account_id) o
      ON o.hold_account_id = a.id
    LEFT JOIN (SELECT hold_account_id, sum(held_minor) AS total FROM card_transactions WHERE type = 'Authorization' GROUP BY hold_account_id) t
      ON t.hold_account_id = a.id
    WHERE a.held_minor <> coalesce(o.total, 0) + coalesce(t.total, 0)`);
  await run('overdrawn', sql`
    SELECT id AS account_id, kind, balance_minor, held_minor FROM ledger_accounts
    WHERE kind IN ('funding', 'card', 'fee_revenue') AND (balance_minor < 0 OR balance_minor - held_minor < 0)`);
  await run('card in-flight counter wrong', sql`
    SELECT c.id AS card_id, c.inflight_orders, count(o.order_no) AS processing
    FROM cards c LEFT JOIN orders o ON o.card_id = c.id AND o.status = 'Processing' AND o.order_type IN ('CardTopUp', 'CardWithdraw')
    GROUP BY c.id, c.inflight_orders HAVING c.inflight_orders <> count(o.order_no)`);

  await run('authorization amounts inconsistent', sql`
    SELECT id AS transaction_id, status, amount_minor, held_minor, cleared_minor, reversed_minor, refunded_minor FROM card_transactions
    WHERE type = 'Authorization' AND NOT CASE status
      WHEN 'Pending' THEN held_minor > 0 AND held_minor + reversed_minor = amount_minor AND cleared_minor = 0
      WHEN 'Settled' THEN held_minor = 0 AND cleared_minor > 0
      WHEN 'Declined' THEN held_minor = 0 AND cleared_minor = 0 AND reversed_minor = 0 AND hold_account_id IS NULL
      ELSE held_minor = 0 AND cleared_minor = 0 END`);
  await run('authorization totals differ from its events', sql`
    SELECT a.id AS transaction_id, a.cleared_minor, a.reversed_minor, a.refunded_minor, e.cleared, e.reversed, e.refunded
    FROM card_transactions a JOIN (
      SELECT authorization_id, sum(amount_minor) FILTER (WHERE type = 'Clearing') AS cleared,
             sum(amount_minor) FILTER (WHERE type = 'Reversal') AS reversed, sum(amount_minor) FILTER (WHERE type = 'Refund') AS refunded
      FROM card_transactions WHERE authorization_id IS NOT NULL GROUP BY authorization_id) e ON e.authorization_id = a.id
    WHERE a.cleared_minor <> coalesce(e.cleared, 0) OR a.reversed_minor <> coalesce(e.reversed, 0) OR a.refunded_minor <> coalesce(e.refunded, 0)`);
  await run('ShareBalance used credit differs from its authorizations', sql`
    SELECT c.id AS card_id, c.used_credit_minor, coalesce(t.total, 0) AS authorizations_total
    FROM cards c LEFT JOIN (
      SELECT card_id, sum(held_minor + cleared_minor - refunded_minor) AS total FROM card_transactions
      WHERE type = 'Authorization' GROUP BY card_id) t ON t.card_id = c.id
    WHERE c.card_model = 'ShareBalance' AND c.used_credit_minor <> coalesce(t.total, 0)`);

  const counts = await sql<{ entries: number; accounts: number }>`
    SELECT (SELECT count(*)::int FROM journal_entries) AS entries, (SELECT count(*)::int FROM ledger_accounts) AS accounts`.execute(db);
  return { ok: problems.length === 0, entriesChecked: counts.rows[0]!.entries, accountsChecked: counts.rows[0]!.accounts, problems };
}
