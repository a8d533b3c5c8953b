import { CURRENCIES, DECLINE_MESSAGES, minorToJsonNumber, type Transaction } from '@cardepass/contract';
import type { TransactionRow } from './model.ts';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** A stored transaction as the API shows it: amounts as JSON numbers with the currency's decimals. */
export function renderTransaction(t: TransactionRow, language: 'en' | 'zh'): Transaction {
  const amount = (minor: bigint) => minorToJsonNumber(minor, CURRENCIES[t.currency]);
  const billing = (minor: bigint) => minorToJsonNumber(minor, CURRENCIES[t.billingCurrency]);
  return {
    transactionId: t.id,
    cardId: t.cardId,
    cardModel: t.cardModel,
    transactionType: t.type,
    status: t.status,
    amount: amount(t.amountMinor),
    currency: t.currency,
    billingAmount: billing(t.billingAmountMinor),
    billingCurrency: t.billingCurrency,
    heldAmount: billing(t.heldMinor),
    clearedAmount: billing(t.clearedMinor),
    reversedAmount: billing(t.reversedMinor),
    refundedAmount: billing(t.refundedMinor),
    merchantName: t.merchantName,
    mcc: t.mcc,
    merchantCountry: t.merchantCountry,
    authCode: t.authCode,
    declineReason: t.declineReason,
    declineMessage: t.declineReason ? DECLINE_MESSAGES[t.declineReason][language] : null,
    authorizationId: t.authorizationId,
    reference: t.reference,
    transactionTime: t.createdAt.toISOString(),
    authorizationTime: t.authorizationTime.toISOString(),
    settlementTime: iso(t.settledAt),
    expiresAt: iso(t.expiresAt),
  };
}
