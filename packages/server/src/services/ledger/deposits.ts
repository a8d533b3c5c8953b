import { sql } from 'kysely';
import { CURRENCIES, isCurrency, minorToJsonNumber, type Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { requestHash, requireAmount } from '../orders/inputs.ts';
import type { AccountDirectory } from './accounts.ts';
import { movementCtes, withDeadlockRetry } from './movement.ts';

export interface DepositResult {
  depositId: string; customerId: string; currency: Currency; amount: number; reference: string; balanceAfter: number; createdOn: string;
}

/** Operator deposits into a customer's funding account: external funding → funding account, once per reference. */
export class Deposits {
  constructor(private readonly store: Store, private readonly accounts: AccountDirectory) {}

  async deposit(customerId: string, currencyText: string, amountInput: unknown, reference: string): Promise<DepositResult> {
    if (!isCurrency(currencyText)) throw new ApiError('VALIDATION_FAILED', { field: 'currency', reason: `unknown currency ${currencyText}` });
    const currency = currencyText;
    const amount = requireAmount('amount', amountInput, currency);
    const customer = await this.store.db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    const funding = await this.accounts.id(customerId, 'funding', currency);
    const external = await this.accounts.id(customerId, 'external', currency);
    const hash = requestHash(['Deposit', currency, amount]);
    const { ctes, check } = movementCtes({
      customerId, entryType: 'Deposit', orderNo: null, reference, requestHash: hash,
      postings: [{ accountId: external, amountMinor: -amount, feeCode: null }, { accountId: funding, amountMinor: amount, feeCode: null }],
      holdChanges: [],
    }, 'entry');
    const { rows } = await withDeadlockRetry(() => sql<{ id: bigint; created_at: Date; balance_after: bigint }>`
      WITH ${ctes}
      SELECT entry.id, entry.created_at, (SELECT balance_minor FROM moved WHERE id = ${String(funding)}::bigint) AS balance_after, ${check} AS checked
      FROM entry`.execute(this.store.db));
    const row = rows[0] ?? (await this.replay(customerId, reference, hash, funding));
    const exponent = CURRENCIES[currency];
    return {
      depositId: String(row.id), customerId, currency, amount: minorToJsonNumber(amount, exponent), reference,
      balanceAfter: minorToJsonNumber(BigInt(row.balance_after), exponent), createdOn: new Date(row.created_at).toISOString(),
    };
  }

  /** The deposit recorded earlier under this reference, if it was the same deposit. */
  private async replay(customerId: string, reference: string, hash: string, funding: bigint) {
    const row = await sql<{ id: bigint; created_at: Date; balance_after: bigint; request_hash: string }>`
      SELECT e.id, e.created_at, e.request_hash, p.balance_after_minor AS balance_after
      FROM journal_entries e JOIN postings p ON p.entry_id = e.id AND p.account_id = ${String(funding)}::bigint
      WHERE e.customer_id = ${customerId} AND e.entry_type = 'Deposit' AND e.reference = ${reference}`.execute(this.store.db);
    const existing = row.rows[0];
    if (!existing || existing.request_hash !== hash) throw new ApiError('DEPOSIT_REFERENCE_CONFLICT', { reference });
    return existing;
  }
}
