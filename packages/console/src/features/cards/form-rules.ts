import { parseAmount } from '@cardepass/contract';
import { decimalsOf } from '../../lib/format.tsx';

/**
 * What the card forms check before sending: amounts through the contract's own parser (the one the
 * server runs: positive, at most the currency's decimals, at most 10 whole digits), and the
 * idempotency key of each opening of a form.
 */

/** A customerOrderNo for one opening of a form: a retry of that submit replays the same order. */
export function newCustomerOrderNo(): string {
  // 32 hex characters: within the API's 64 and its pattern [A-Za-z0-9_\-.:].
  return crypto.randomUUID().replaceAll('-', '');
}

export type AmountProblem = 'required' | 'amountNumber' | 'amountPositive' | 'amountDecimals' | 'amountTooLarge';

/** null when `text` is an amount the server accepts in `currency`; otherwise the message key of the problem. */
export function amountProblem(text: string | undefined, currency: string, options: { optional?: boolean } = {}): AmountProblem | null {
  const value = (text ?? '').trim();
  if (!value) return options.optional ? null : 'required';
  const parsed = parseAmount(value, decimalsOf(currency));
  if (parsed.ok) return null;
  switch (parsed.reason) {
    case 'not_positive': return 'amountPositive';
    case 'too_many_decimals': return 'amountDecimals';
    case 'too_large': return 'amountTooLarge';
    default: return 'amountNumber';
  }
}

/** The card number in groups of 4 (the last group may be shorter), for reading it out. */
export function groupsOfFour(digits: string): string {
  return digits.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
