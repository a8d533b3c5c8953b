import { isCurrency, type Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import type { AuditOrigin } from '../audit/audit-log.ts';
import { requestHash, requireAmount } from '../orders/inputs.ts';
import type { AccountDirectory } from './accounts.ts';
import { recordFundingEntry } from './funding-entry.ts';

export interface DepositResult {
  depositId: string; customerId: string; currency: Currency; amount: number; reference: string; balanceAfter: number; createdOn: string;
}

/** Who asked for a deposit and why: its audit row (none for the seed, which is no one's change). */
export interface DepositAudit { origin: AuditOrigin; reason?: string | undefined }

/** Operator deposits into a customer's funding account: external funding → funding account, once per reference. */
export class Deposits {
  constructor(private readonly store: Store, private readonly accounts: AccountDirectory) {}

  async deposit(customerId: string, currencyText: string, amountInput: unknown, reference: string, audit?: DepositAudit): Promise<DepositResult> {
    const currency = requireCurrency(currencyText);
    const amount = requireAmount('amount', amountInput, currency);
    await requireCustomer(this.store, customerId);
    const entry = await recordFundingEntry(this.store, {
      customerId, entryType: 'Deposit', currency, reference,
      fundingAccount: await this.accounts.id(customerId, 'funding', currency),
      counterAccount: await this.accounts.id(customerId, 'external', currency),
      amountMinor: amount, requestHash: requestHash(['Deposit', currency, amount]),
      ...(audit ? { audit: { origin: audit.origin, action: 'ledger.deposit', reason: audit.reason ?? null } } : {}),
    }, () => new ApiError('DEPOSIT_REFERENCE_CONFLICT', { reference }));
    return {
      depositId: entry.entryId, customerId, currency, amount: entry.amount, reference, balanceAfter: entry.balanceAfter, createdOn: entry.createdOn,
    };
  }
}

export function requireCurrency(text: string): Currency {
  if (!isCurrency(text)) throw new ApiError('VALIDATION_FAILED', { field: 'currency', reason: `unknown currency ${text}` });
  return text;
}

export async function requireCustomer(store: Store, customerId: string): Promise<void> {
  const customer = await store.db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
}
