import { FEE_CODES, formatMinor, parseAmount, type FeeCode } from '@cardepass/contract';
import { decimalsOf } from '../../lib/format.tsx';

/**
 * The fee schedule as the form holds it and as the API takes it. People type a percentage (1.5 for
 * 1.5 %, from 0 to 100, at most 4 decimals); the API takes the fraction (0.015, at most 6 decimals).
 * The conversion is decimal text shifted by two places (bigint, no floating point), so what is typed
 * is exactly what is stored.
 */
export type FeeMethod = 'None' | 'Fixed' | 'Percent';
export interface FeeDraft { method: FeeMethod; value: string }
export type FeeDrafts = Record<FeeCode, FeeDraft>;
export interface FeeRuleOut { feeCode: FeeCode; chargeMethodType: 'Fixed' | 'Percent'; fixedValue: string; percent: number }
export type FeeRuleIn = { chargeMethodType: 'Fixed'; fixedValue: string } | { chargeMethodType: 'Percent'; percent: string };

const PERCENT_DECIMALS = 4;
const HUNDRED_PERCENT = 100n * 10n ** BigInt(PERCENT_DECIMALS);

/** The API's fraction (a JSON number such as 0.015) as the percentage people read: "1.5". */
export function fractionToPercentText(fraction: number): string {
  const parsed = parseAmount(String(fraction), 6, { allowZero: true });
  if (!parsed.ok) return String(fraction * 100);
  // Millionths of 1 are ten-thousandths of a percent: the same digits, 4 decimals.
  return trimZeros(formatMinor(parsed.minor, PERCENT_DECIMALS));
}

/** A typed percentage as the API's fraction text: "1.5" → "0.015"; null when it is not 0–100 with ≤ 4 decimals. */
export function percentTextToFraction(text: string): string | null {
  const parsed = parseAmount(text.trim(), PERCENT_DECIMALS, { allowZero: true });
  if (!parsed.ok || parsed.minor > HUNDRED_PERCENT) return null;
  return trimZeros(formatMinor(parsed.minor, 6));
}

const trimZeros = (text: string) => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);

/** The form's drafts from the product's schedule (a fee absent from it is not charged). */
export function draftsFrom(fees: readonly FeeRuleOut[]): FeeDrafts {
  const drafts = Object.fromEntries(FEE_CODES.map((code) => [code, { method: 'None', value: '' }])) as FeeDrafts;
  for (const fee of fees) {
    drafts[fee.feeCode] = fee.chargeMethodType === 'Fixed'
      ? { method: 'Fixed', value: fee.fixedValue }
      : { method: 'Percent', value: fractionToPercentText(fee.percent) };
  }
  return drafts;
}

export type FeeProblem = { key: 'required' | 'feeNumber' | 'feeDecimals' | 'percentRange'; currency?: string; decimals?: number };

/**
 * Checks the drafts against the product's currencies: a fixed fee must be a non-negative amount valid
 * in every one of them (so 1.50 is refused for a product that also issues JPY cards).
 */
export function checkFees(drafts: FeeDrafts, currencies: readonly string[]): { fees: Partial<Record<FeeCode, FeeRuleIn>>; problems: Partial<Record<FeeCode, FeeProblem>> } {
  const fees: Partial<Record<FeeCode, FeeRuleIn>> = {};
  const problems: Partial<Record<FeeCode, FeeProblem>> = {};
  for (const code of FEE_CODES) {
    const { method, value } = drafts[code];
    if (method === 'None') continue;
    const text = value.trim();
    if (!text) { problems[code] = { key: 'required' }; continue; }
    if (method === 'Percent') {
      const fraction = percentTextToFraction(text);
      if (fraction === null) problems[code] = { key: 'percentRange' };
      else fees[code] = { chargeMethodType: 'Percent', percent: fraction };
      continue;
    }
    const strictest = [...currencies].sort((a, b) => decimalsOf(a) - decimalsOf(b))[0] ?? 'USD';
    const parsed = parseAmount(text, decimalsOf(strictest), { allowZero: true });
    if (parsed.ok) fees[code] = { chargeMethodType: 'Fixed', fixedValue: text };
    else problems[code] = parsed.reason === 'too_many_decimals'
      ? { key: 'feeDecimals', currency: strictest, decimals: decimalsOf(strictest) }
      : { key: 'feeNumber' };
  }
  return { fees, problems };
}
