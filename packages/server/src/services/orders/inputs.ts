import { CURRENCIES, formatMinor, parseAmount, type Currency, type LocalizedText } from '@cardepass/contract';
import { ApiError } from '../../lib/api-error.ts';
import { sha256Hex } from '../../lib/crypto.ts';

const REASONS = {
  not_a_number: { en: 'must be a decimal number, as a JSON number or a string such as "10.50"', zh: '必须是十进制数，可以是 JSON 数字或如 "10.50" 的字符串' },
  not_positive: { en: 'must be greater than zero', zh: '必须大于零' },
  too_large: { en: 'is larger than the platform allows (at most 10 integer digits)', zh: '超过平台允许的最大值（整数部分最多 10 位）' },
} satisfies Record<string, LocalizedText>;

/** Parses an amount field of a request into minor units of `currency`, or throws a 400 naming the field. */
export function requireAmount(field: string, value: unknown, currency: Currency, minimumMajor?: number): bigint {
  const exponent = CURRENCIES[currency];
  const parsed = parseAmount(value, exponent);
  if (!parsed.ok) {
    const reason = parsed.reason === 'too_many_decimals'
      ? { en: `${currency} amounts have at most ${exponent} decimals`, zh: `${currency} 金额最多 ${exponent} 位小数` }
      : REASONS[parsed.reason];
    throw new ApiError('INVALID_AMOUNT', { field, reason });
  }
  if (minimumMajor !== undefined && parsed.minor < BigInt(minimumMajor) * 10n ** BigInt(exponent)) {
    throw new ApiError('AMOUNT_BELOW_MINIMUM', { field, minimum: `${minimumMajor} ${currency}` });
  }
  return parsed.minor;
}

/** An optional amount: absent, null or "" (the documents' way of leaving it out) is null, anything else must parse. */
export function optionalAmount(field: string, value: unknown, currency: Currency): bigint | null {
  return value === undefined || value === null || value === '' ? null : requireAmount(field, value, currency);
}

export const money = (minor: bigint, currency: Currency) => `${formatMinor(minor, CURRENCIES[currency])} ${currency}`;

/** Fingerprint of a request's meaning (amounts normalized), to tell a replay from a reuse of customerOrderNo. */
export function requestHash(parts: Array<string | bigint | number | null | undefined>): string {
  return sha256Hex(JSON.stringify(parts.map((p) => (typeof p === 'bigint' ? p.toString() : p ?? null))));
}
