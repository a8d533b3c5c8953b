import { sql, type RawBuilder } from 'kysely';
import { invariant } from '../../lib/api-error.ts';

/** One line of a journal entry: signed minor units on one ledger account. */
export interface Posting {
  accountId: bigint;
  amountMinor: bigint;
  feeCode: string | null;
}

/** A change of an account's held amount (placing or releasing a hold), which moves no money. */
export interface HoldChange {
  accountId: bigint;
  heldDeltaMinor: bigint;
}

export interface Movement {
  customerId: string;
  entryType: string;
  orderNo: string | null;
  reference: string | null;
  requestHash: string | null;
  postings: Posting[];
  holdChanges: HoldChange[];
}

/**
 * The CTEs that apply a movement inside one SQL statement: `entry` (the journal
 * entry), `moved` (every touched account updated once, balance and hold
 * together, since one statement cannot update a row twice) and `posted` (the
 * postings, each with the balance after it). They run only when the CTE named
 * by `gate` produced a row; with `gate: 'entry'` the entry itself is the gate
 * and is written once per reference (ON CONFLICT DO NOTHING), which makes a
 * replayed deposit move nothing.
 */
export function movementCtes(movement: Movement, gate: string): { ctes: RawBuilder<unknown>; check: RawBuilder<unknown> } {
  const postings = movement.postings.filter((p) => p.amountMinor !== 0n);
  const total = postings.reduce((sum, p) => sum + p.amountMinor, 0n);
  invariant(total === 0n, `journal entry ${movement.entryType} ${movement.orderNo ?? movement.reference} does not balance (${total})`);

  const deltas = new Map<bigint, { balance: bigint; held: bigint }>();
  const touch = (id: bigint) => deltas.get(id) ?? (deltas.set(id, { balance: 0n, held: 0n }).get(id)!);
  for (const p of postings) touch(p.accountId).balance += p.amountMinor;
  for (const h of movement.holdChanges) if (h.heldDeltaMinor !== 0n) touch(h.accountId).held += h.heldDeltaMinor;
  const ids = [...deltas.keys()];
  const text = (values: bigint[]) => values.map(String);

  const gateName = sql.table(gate);
  const entryConflict = gate === 'entry'
    ? sql`ON CONFLICT (customer_id, entry_type, reference) WHERE reference IS NOT NULL DO NOTHING`
    : sql``;
  const entryGate = gate === 'entry' ? sql`` : sql`AND EXISTS (SELECT 1 FROM ${gateName})`;

  const ctes = sql`
  entry AS (
    INSERT INTO journal_entries (customer_id, entry_type, order_no, reference, request_hash)
    SELECT ${movement.customerId}, ${movement.entryType}, ${movement.orderNo}, ${movement.reference}, ${movement.requestHash}
    WHERE ${postings.length > 0}::boolean ${entryGate}
    ${entryConflict}
    RETURNING id, created_at
  ),
  locked AS (
    -- Lock every touched account first, in ascending id order, as every money statement does.
    SELECT id FROM ledger_accounts WHERE id = ANY(${text(ids)}::bigint[]) AND EXISTS (SELECT 1 FROM ${gateName})
    ORDER BY id FOR UPDATE
  ),
  moved AS (
    UPDATE ledger_accounts a
    SET balance_minor = a.balance_minor + d.balance_delta, held_minor = a.held_minor + d.held_delta
    FROM unnest(${text(ids)}::bigint[], ${text(ids.map((id) => deltas.get(id)!.balance))}::bigint[],
                ${text(ids.map((id) => deltas.get(id)!.held))}::bigint[]) AS d(account_id, balance_delta, held_delta)
    JOIN locked ON locked.id = d.account_id
    WHERE a.id = d.account_id
    RETURNING a.id, a.balance_minor
  ),
  posted AS (
    INSERT INTO postings (entry_id, customer_id, account_id, amount_minor, balance_after_minor, fee_code)
    SELECT entry.id, ${movement.customerId}, p.account_id, p.amount,
           moved.balance_minor - coalesce(sum(p.amount) OVER (PARTITION BY p.account_id ORDER BY p.seq DESC
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
           p.fee_code
    FROM unnest(${text(postings.map((p) => p.accountId))}::bigint[], ${text(postings.map((p) => p.amountMinor))}::bigint[],
                ${postings.map((p) => p.feeCode)}::text[]) WITH ORDINALITY AS p(account_id, amount, fee_code, seq)
    JOIN moved ON moved.id = p.account_id
    CROSS JOIN entry
    ORDER BY p.seq
    RETURNING id
  )`;
  // Every account must exist: a missing one would leave an entry that does not balance.
  const check = sql`CASE WHEN EXISTS (SELECT 1 FROM ${gateName}) AND (SELECT count(*) FROM moved) <> ${ids.length}
    THEN cardepass_abort('ledger_account_missing') END`;
  return { ctes, check };
}

/** SQLSTATE of cardepass_abort(); its message is 'cardepass:<reason>'. */
export function abortReason(error: unknown): string | undefined {
  const e = error as { code?: string; message?: string };
  if (e?.code === 'P0001' && typeof e.message === 'string' && e.message.startsWith('cardepass:')) {
    return e.message.slice('cardepass:'.length);
  }
  return undefined;
}

const RETRYABLE = new Set(['40001', '40P01']);

/** Runs one statement again when PostgreSQL chose it as a deadlock or serialization victim (it changed nothing). */
export async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string })?.code;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
