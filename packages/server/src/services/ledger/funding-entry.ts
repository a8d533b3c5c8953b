import { sql } from 'kysely';
import { CURRENCIES, formatMinor, minorToJsonNumber, type Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { auditInsert, type AuditOrigin } from '../audit/audit-log.ts';
import { insufficientFunds } from '../orders/pipeline.ts';
import { movementCtes, withDeadlockRetry } from './movement.ts';

/** An operator's movement between a customer's funding account and the outside world, once per reference. */
export interface FundingEntrySpec {
  customerId: string;
  entryType: 'Deposit' | 'Adjustment';
  currency: Currency;
  fundingAccount: bigint;
  /** The other side: the customer's external account (money entering or leaving the platform's books). */
  counterAccount: bigint;
  /** Signed, on the funding account: positive credits it. */
  amountMinor: bigint;
  reference: string;
  requestHash: string;
  /** The audit row's who and why; written in the entry's own transaction, and only when the entry is new. */
  audit?: { origin: AuditOrigin; action: string; reason: string | null };
}

export interface FundingEntryResult { entryId: string; createdOn: string; balanceAfter: number; amount: number }

// The CHECK that keeps customer money from going below zero (001_initial.ts): a debit larger
// than the available balance fails it, under the row lock, so no race can overdraw the account.
const OVERDRAWN_CONSTRAINT = 'ledger_accounts_not_overdrawn';

/**
 * Records the entry in one transaction: the movement statement (whose journal
 * entry is inserted ON CONFLICT DO NOTHING on the reference, so a replay, even a
 * concurrent one, moves nothing) and, when it moved money, its audit row. A
 * replay answers the original entry and records no second audit row; the same
 * reference with other parameters is a conflict.
 */
export async function recordFundingEntry(store: Store, spec: FundingEntrySpec, conflict: () => ApiError): Promise<FundingEntryResult> {
  const { ctes, check } = movementCtes({
    customerId: spec.customerId, entryType: spec.entryType, orderNo: null, reference: spec.reference, requestHash: spec.requestHash,
    postings: [
      { accountId: spec.counterAccount, amountMinor: -spec.amountMinor, feeCode: null },
      { accountId: spec.fundingAccount, amountMinor: spec.amountMinor, feeCode: null },
    ],
    holdChanges: [],
  }, 'entry');
  const exponent = CURRENCIES[spec.currency];
  let created: { id: bigint; created_at: Date; balance_after: bigint } | undefined;
  try {
    created = await withDeadlockRetry(() => store.transaction(async (run) => {
      const [row] = await run<{ id: bigint; created_at: Date; balance_after: bigint }>(sql`
        WITH ${ctes}
        SELECT entry.id, entry.created_at, (SELECT balance_minor FROM moved WHERE id = ${String(spec.fundingAccount)}::bigint) AS balance_after, ${check} AS checked
        FROM entry`);
      if (row && spec.audit) {
        await run(auditInsert(spec.audit.origin, {
          action: spec.audit.action, targetType: 'journal_entry', targetId: String(row.id), customerId: spec.customerId, reason: spec.audit.reason,
          after: {
            entryType: spec.entryType, customerId: spec.customerId, currency: spec.currency, reference: spec.reference,
            amount: formatMinor(spec.amountMinor, exponent), balanceAfter: formatMinor(BigInt(row.balance_after), exponent),
          },
        }));
      }
      return row;
    }));
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e?.code === '23514' && e.message?.includes(OVERDRAWN_CONSTRAINT)) throw insufficientFunds(spec.currency, -spec.amountMinor);
    throw error;
  }
  const row = created ?? (await replay(store, spec, conflict));
  return {
    entryId: String(row.id), createdOn: new Date(row.created_at).toISOString(),
    balanceAfter: minorToJsonNumber(BigInt(row.balance_after), exponent), amount: minorToJsonNumber(spec.amountMinor, exponent),
  };
}

/** The entry recorded earlier under this reference, if it was the same request. */
async function replay(store: Store, spec: FundingEntrySpec, conflict: () => ApiError) {
  const { rows } = await sql<{ id: bigint; created_at: Date; balance_after: bigint; request_hash: string }>`
    SELECT e.id, e.created_at, e.request_hash, p.balance_after_minor AS balance_after
    FROM journal_entries e JOIN postings p ON p.entry_id = e.id AND p.account_id = ${String(spec.fundingAccount)}::bigint
    WHERE e.customer_id = ${spec.customerId} AND e.entry_type = ${spec.entryType} AND e.reference = ${spec.reference}`.execute(store.db);
  const existing = rows[0];
  if (!existing || existing.request_hash !== spec.requestHash) throw conflict();
  return existing;
}
