import { parseAmount } from '@cardepass/contract';
import { decimalsOf } from '../../lib/format.tsx';

/**
 * What the deposit and adjustment forms check before sending: amounts through the contract's own
 * parser (the one the server runs), and the reference of each opening of a form, so that a retry of
 * the same submit is recorded once (the server records a deposit or adjustment once per reference).
 */
export type AmountProblem = 'required' | 'amountNumber' | 'amountPositive' | 'amountNotZero' | 'amountDecimals' | 'amountTooLarge';

/** A reference unique to this opening of the form: `dep-…` / `adj-…`, 36 characters (the API takes 64). */
export function newReference(prefix: 'dep' | 'adj'): string {
  return `${prefix}-${crypto.randomUUID().replaceAll('-', '')}`;
}

/** null when `text` is an amount the server accepts in `currency`; with `signed`, a leading minus is allowed (a debit). */
export function amountProblem(text: string | undefined, currency: string, options: { signed?: boolean } = {}): AmountProblem | null {
  let value = (text ?? '').trim();
  if (!value) return 'required';
  if (options.signed && value.startsWith('-')) value = value.slice(1).trim();
  const parsed = parseAmount(value, decimalsOf(currency));
  if (parsed.ok) return null;
  switch (parsed.reason) {
    case 'not_positive': return options.signed && !value.startsWith('-') ? 'amountNotZero' : 'amountPositive';
    case 'too_many_decimals': return 'amountDecimals';
    case 'too_large': return 'amountTooLarge';
    default: return 'amountNumber';
  }
}
