import type { LocalizedText, TransactionStatus } from '@cardepass/contract';
import { ApiError } from '../../lib/api-error.ts';
import type { Posting } from '../ledger/movement.ts';
import { money } from '../orders/inputs.ts';
import type { TransactionRow } from './model.ts';

/** An authorization read under its row lock, with the accounts its events may move money between. */
export interface LockedAuthorization {
  auth: TransactionRow;
  cardCancelled: boolean;
  /** Standard cards: the card's ledger account (where the hold sits). */
  cardAccountId: bigint | null;
  fundingAccountId: bigint;
  /** Card-network settlement: where cleared money goes and refunds come from. */
  networkAccountId: bigint;
}

/** What one event does to the authorization, the ledger and the card. */
export interface EventPlan {
  amountMinor: bigint;
  /** Cleared beyond the hold (over-capture): must be covered by what is available now. */
  extraMinor: bigint;
  holdReleaseMinor: bigint;
  postings: Posting[];
  usedCreditDeltaMinor: bigint;
  authorization: { status: TransactionStatus; heldMinor: bigint; clearedMinor: bigint; reversedMinor: bigint; refundedMinor: bigint };
}

const ACTIONS = {
  clear: { en: 'cleared', zh: '清算' },
  reverse: { en: 'reversed', zh: '撤销' },
  expire: { en: 'expired', zh: '过期释放' },
} satisfies Record<string, LocalizedText>;

function requirePending(auth: TransactionRow, action: keyof typeof ACTIONS): void {
  if (auth.status !== 'Pending') throw new ApiError('AUTHORIZATION_NOT_PENDING', { transactionId: auth.id, status: auth.status, action: ACTIONS[action] });
}

const isShare = (l: LockedAuthorization) => l.auth.cardModel === 'ShareBalance';
const show = (l: LockedAuthorization, minor: bigint) => money(minor, l.auth.billingCurrency);
const posting = (accountId: bigint, amountMinor: bigint): Posting => ({ accountId, amountMinor, feeCode: null });

/**
 * Money a Standard card's hold no longer needs after the card was cancelled:
 * the cancel returned the rest of the balance, so this goes back to the
 * funding account too instead of staying on a dead card.
 */
function sweep(l: LockedAuthorization, releasedMinor: bigint): Posting[] {
  if (isShare(l) || !l.cardCancelled || releasedMinor <= 0n) return [];
  return [posting(l.cardAccountId!, -releasedMinor), posting(l.fundingAccountId, releasedMinor)];
}

/** The final presentment: moves the cleared amount to the network, releases the hold; may exceed it within the tolerance. */
export function planClearing(l: LockedAuthorization, requested: bigint | null, overCapturePercent: number): EventPlan {
  const { auth } = l;
  requirePending(auth, 'clear');
  const held = auth.heldMinor;
  const amount = requested ?? held;
  const maximum = held + (auth.billingAmountMinor * BigInt(overCapturePercent)) / 100n;
  if (amount > maximum) throw new ApiError('AMOUNT_EXCEEDS_TOLERANCE', { amount: show(l, amount), maximum: show(l, maximum) });
  return {
    amountMinor: amount,
    extraMinor: amount > held ? amount - held : 0n,
    holdReleaseMinor: held,
    postings: [posting(auth.holdAccountId!, -amount), posting(l.networkAccountId, amount), ...sweep(l, held - amount)],
    usedCreditDeltaMinor: isShare(l) ? amount - held : 0n,
    authorization: { status: 'Settled', heldMinor: 0n, clearedMinor: amount, reversedMinor: auth.reversedMinor, refundedMinor: 0n },
  };
}

/** Releases all or part of the open hold; the authorization stays Pending until nothing is held. */
export function planReversal(l: LockedAuthorization, requested: bigint | null): EventPlan {
  const { auth } = l;
  requirePending(auth, 'reverse');
  const amount = requested ?? auth.heldMinor;
  if (amount > auth.heldMinor) throw new ApiError('AMOUNT_EXCEEDS_HOLD', { amount: show(l, amount), held: show(l, auth.heldMinor) });
  const heldAfter = auth.heldMinor - amount;
  return {
    amountMinor: amount,
    extraMinor: 0n,
    holdReleaseMinor: amount,
    postings: sweep(l, amount),
    usedCreditDeltaMinor: isShare(l) ? -amount : 0n,
    authorization: { status: heldAfter === 0n ? 'Reversed' : 'Pending', heldMinor: heldAfter, clearedMinor: 0n, reversedMinor: auth.reversedMinor + amount, refundedMinor: 0n },
  };
}

/** Credits back all or part of what was cleared and not yet refunded: to the card, or to the funding account once the card is cancelled or shares it. */
export function planRefund(l: LockedAuthorization, requested: bigint | null): EventPlan {
  const { auth } = l;
  if (auth.status !== 'Settled') throw new ApiError('TRANSACTION_NOT_SETTLED', { transactionId: auth.id, status: auth.status });
  const refundable = auth.clearedMinor - auth.refundedMinor;
  const amount = requested ?? refundable;
  if (amount === 0n || amount > refundable) throw new ApiError('AMOUNT_EXCEEDS_REFUNDABLE', { amount: show(l, amount), refundable: show(l, refundable) });
  const destination = isShare(l) || l.cardCancelled ? l.fundingAccountId : l.cardAccountId!;
  return {
    amountMinor: amount,
    extraMinor: 0n,
    holdReleaseMinor: 0n,
    postings: [posting(l.networkAccountId, -amount), posting(destination, amount)],
    usedCreditDeltaMinor: isShare(l) ? -amount : 0n,
    authorization: { status: 'Settled', heldMinor: 0n, clearedMinor: auth.clearedMinor, reversedMinor: auth.reversedMinor, refundedMinor: auth.refundedMinor + amount },
  };
}

/** An authorization nobody cleared in time: its whole hold is released. */
export function planExpiry(l: LockedAuthorization): EventPlan {
  const { auth } = l;
  requirePending(auth, 'expire');
  return {
    amountMinor: auth.heldMinor,
    extraMinor: 0n,
    holdReleaseMinor: auth.heldMinor,
    postings: sweep(l, auth.heldMinor),
    usedCreditDeltaMinor: isShare(l) ? -auth.heldMinor : 0n,
    authorization: { status: 'Expired', heldMinor: 0n, clearedMinor: 0n, reversedMinor: auth.reversedMinor, refundedMinor: 0n },
  };
}
