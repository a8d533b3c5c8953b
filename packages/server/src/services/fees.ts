import { CURRENCIES, parseAmount, percentOf, type Currency, type FeeCode } from '@cardepass/contract';
import { invariant } from '../lib/api-error.ts';

export interface FeeRule {
  feeCode: FeeCode;
  chargeMethodType: 'Fixed' | 'Percent';
  /** Major units as decimal text, valid for every currency of the product. */
  fixedValue: string;
  percentMicros: bigint;
}

export const FEE_NAMES: Record<FeeCode, { en: string; zh: string }> = {
  CARD_ISSUE: { en: 'Card issue fee', zh: '开卡费' },
  CARD_TOPUP: { en: 'Top-up fee', zh: '充值手续费' },
  CARD_WITHDRAW: { en: 'Withdraw fee', zh: '转出手续费' },
  CARD_CANCEL: { en: 'Cancel fee', zh: '销卡手续费' },
  SHARE_BALANCE_OPEN: { en: 'Share-balance card fee', zh: '共享卡开卡费' },
};

export function fixedMinor(rule: FeeRule, currency: Currency): bigint {
  const parsed = parseAmount(rule.fixedValue, CURRENCIES[currency], { allowZero: true });
  invariant(parsed.ok, `fee ${rule.feeCode} fixed value ${rule.fixedValue} invalid for ${currency}`);
  return parsed.minor;
}

/** The fee a rule charges on `amountMinor`: Fixed → fixedValue; Percent → amount × percent, half-up. */
export function computeFee(rule: FeeRule | undefined, amountMinor: bigint, currency: Currency): bigint {
  if (!rule) return 0n;
  return rule.chargeMethodType === 'Fixed' ? fixedMinor(rule, currency) : percentOf(amountMinor, rule.percentMicros);
}

/**
 * The largest amount a such that a + fee(a) ≤ available: what a withdraw
 * without withdrawAmount moves. Percent fees round half-up, so a fee can be up
 * to half a minor unit below the exact percentage and a may exceed the exact
 * quotient available / (1 + p). Start from (available + ½) / (1 + p), an upper
 * bound, and step down until it fits (at most one step).
 */
export function largestAmountWithin(rule: FeeRule | undefined, availableMinor: bigint, currency: Currency): bigint {
  if (!rule) return availableMinor;
  if (rule.chargeMethodType === 'Fixed') {
    const rest = availableMinor - fixedMinor(rule, currency);
    return rest > 0n ? rest : 0n;
  }
  let amount = ((2n * availableMinor + 1n) * 1_000_000n) / (2n * (1_000_000n + rule.percentMicros));
  while (amount > 0n && amount + percentOf(amount, rule.percentMicros) > availableMinor) amount -= 1n;
  return amount;
}
