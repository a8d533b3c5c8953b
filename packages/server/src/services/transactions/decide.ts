import type { CardModel, Currency, DeclineReason } from '@cardepass/contract';

/** The card as the engine sees it, read under its row lock. */
export interface CardSnapshot {
  cardId: string;
  cardModel: CardModel;
  status: string;
  pendingOp: string | null;
  /** Past its expiry date. */
  expired: boolean;
  currency: Currency;
  customerActive: boolean;
  maxAuthMinor: bigint | null;
  maxCreditMinor: bigint | null;
  /** A CreditLimit order in flight: its new limits, which apply at once where they are stricter. */
  pendingMaxAuthMinor: bigint | null;
  pendingMaxCreditMinor: bigint | null;
  usedCreditMinor: bigint;
}

/** The account an approval holds on (Standard: the card's; ShareBalance: the customer's funding), read under its row lock. */
export interface AccountSnapshot {
  accountId: bigint;
  availableMinor: bigint;
}

export interface AuthorizationAsk {
  amountMinor: bigint;
  currency: Currency;
}

export type Decision = { approved: true } | { approved: false; reason: DeclineReason };

/** The lower of two limits where null means unlimited. */
function stricter(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/** The limits that bind now: while a CreditLimit order is in flight, the lower of the current and the new ones. */
export function effectiveLimits(card: CardSnapshot): { maxAuthMinor: bigint | null; maxCreditMinor: bigint | null } {
  if (card.pendingOp !== 'CreditLimit') return { maxAuthMinor: card.maxAuthMinor, maxCreditMinor: card.maxCreditMinor };
  return {
    maxAuthMinor: stricter(card.maxAuthMinor, card.pendingMaxAuthMinor),
    maxCreditMinor: stricter(card.maxCreditMinor, card.pendingMaxCreditMinor),
  };
}

/**
 * Decides one authorization against locked snapshots and, when it approves,
 * applies it to them (the account's available balance and the card's used
 * credit go down and up), so the next authorization of the same batch sees it.
 * The order of the checks is the order of the reasons a network would report.
 */
export function decide(ask: AuthorizationAsk, card: CardSnapshot, account: AccountSnapshot): Decision {
  const decline = (reason: DeclineReason): Decision => ({ approved: false, reason });
  if (!card.customerActive) return decline('CUSTOMER_DISABLED');
  if (card.status === 'Cancel') return decline('CARD_CANCELLED');
  if (card.status === 'Expired' || card.expired) return decline('CARD_EXPIRED');
  if (card.status === 'Blocked') return decline('CARD_BLOCKED');
  if (card.status !== 'Active' || card.pendingOp === 'CardCancel') return decline('CARD_NOT_ACTIVE');
  if (ask.currency !== card.currency) return decline('CURRENCY_MISMATCH');
  if (card.cardModel === 'ShareBalance') {
    const limits = effectiveLimits(card);
    if (limits.maxAuthMinor !== null && ask.amountMinor > limits.maxAuthMinor) return decline('EXCEEDS_MAX_AUTH_AMOUNT');
    if (limits.maxCreditMinor !== null && card.usedCreditMinor + ask.amountMinor > limits.maxCreditMinor) return decline('EXCEEDS_CREDIT_LIMIT');
  }
  if (ask.amountMinor > account.availableMinor) return decline('INSUFFICIENT_FUNDS');
  account.availableMinor -= ask.amountMinor;
  if (card.cardModel === 'ShareBalance') card.usedCreditMinor += ask.amountMinor;
  return { approved: true };
}
