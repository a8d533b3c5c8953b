import type { TransactionDetail, TransactionRow } from './api.ts';

/**
 * The life of an authorization as steps in time: the hold (or the decline), the clearing (full,
 * partial or over the authorized amount), reversals, refunds, and the hold's expiry. The API sends the
 * authorization and everything against it oldest first; an expiry is no transaction of its own, it is
 * the authorization's status (Expired) at its expiresAt.
 */
export type StepKind = 'authorized' | 'declined' | 'cleared' | 'clearedPartial' | 'clearedOver' | 'reversed' | 'refunded' | 'expired';
export interface TimelineStep {
  kind: StepKind;
  time: string;
  transaction: TransactionRow | null;
  /** In the card's currency (billing): what this step held, cleared, released or credited back. */
  amount: number;
  currency: string;
}

function clearingKind(clearing: TransactionRow, authorization: TransactionRow | null): StepKind {
  if (!authorization) return 'cleared';
  if (clearing.billingAmount < authorization.billingAmount) return 'clearedPartial';
  if (clearing.billingAmount > authorization.billingAmount) return 'clearedOver';
  return 'cleared';
}

export function timelineOf(detail: TransactionDetail): TimelineStep[] {
  const { authorization } = detail;
  const steps: TimelineStep[] = detail.life.map((t) => {
    const kind: StepKind = t.transactionType === 'Authorization' ? (t.status === 'Declined' ? 'declined' : 'authorized')
      : t.transactionType === 'Clearing' ? clearingKind(t, authorization)
      : t.transactionType === 'Reversal' ? 'reversed' : 'refunded';
    return { kind, time: t.transactionTime, transaction: t, amount: t.billingAmount, currency: t.billingCurrency };
  });
  if (authorization?.status === 'Expired') {
    // What the expiry released is the hold that was open when it expired: authorized − cleared − reversed.
    const released = Math.max(0, authorization.billingAmount - authorization.clearedAmount - authorization.reversedAmount);
    steps.push({ kind: 'expired', time: authorization.expiresAt ?? authorization.transactionTime, transaction: null, amount: released, currency: authorization.billingCurrency });
  }
  return steps.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
