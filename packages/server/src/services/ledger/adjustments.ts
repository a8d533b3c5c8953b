import type { admin, Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import type { AuditOrigin } from '../audit/audit-log.ts';
import { requestHash, requireAmount } from '../orders/inputs.ts';
import type { AccountDirectory } from './accounts.ts';
import { requireCurrency, requireCustomer } from './deposits.ts';
import { recordFundingEntry } from './funding-entry.ts';

/**
 * Operator corrections of a funding account: a credit or a debit, balanced
 * against the customer's external account (the same "outside the platform's
 * books" side deposits come from) and told apart from deposits by its entry
 * type. Once per reference; a debit never takes the available balance below zero.
 */
export class Adjustments {
  constructor(private readonly store: Store, private readonly accounts: AccountDirectory) {}

  async adjust(body: admin.AdjustmentRequest, origin: AuditOrigin): Promise<admin.Adjustment> {
    const { customerId, reference, reason } = body;
    const currency = requireCurrency(body.currency);
    const amount = signedAmount(body.amount, currency);
    await requireCustomer(this.store, customerId);
    const entry = await recordFundingEntry(this.store, {
      customerId, entryType: 'Adjustment', currency, reference,
      fundingAccount: await this.accounts.id(customerId, 'funding', currency),
      counterAccount: await this.accounts.id(customerId, 'external', currency),
      amountMinor: amount, requestHash: requestHash(['Adjustment', currency, amount]),
      audit: { origin, action: 'ledger.adjustment', reason },
    }, () => new ApiError('ADJUSTMENT_REFERENCE_CONFLICT', { reference }));
    return {
      adjustmentId: entry.entryId, customerId, currency, amount: entry.amount, reference, balanceAfter: entry.balanceAfter, createdOn: entry.createdOn,
    };
  }
}

/** A signed decimal: a leading minus (or a negative JSON number) debits; the magnitude follows the usual amount rules. */
export function signedAmount(value: unknown, currency: Currency): bigint {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const negative = (typeof value === 'number' && value < 0) || (text !== undefined && text.startsWith('-'));
  const magnitude = !negative ? value : typeof value === 'number' ? -value : text!.slice(1);
  const minor = requireAmount('amount', magnitude, currency);
  return negative ? -minor : minor;
}
