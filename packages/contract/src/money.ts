/**
 * Money in minor units (bigint), shared by the server, the CLI and the SDK.
 * Nothing here uses floating-point arithmetic: amounts are parsed from their
 * decimal text and rendered back to decimal text.
 */

/** Largest amount one request may carry, in major units (1 billion). */
export const MAX_AMOUNT_MAJOR_DIGITS = 10;
/** Percentages carry at most 6 decimals (0.000001 = 0.0001 %). */
export const PERCENT_SCALE = 1_000_000n;

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

export type AmountResult =
  | { ok: true; minor: bigint }
  | { ok: false; reason: AmountRejection; detail?: string };

export type AmountRejection = 'not_a_number' | 'not_positive' | 'too_many_decimals' | 'too_large';

/**
 * Parses a JSON number or a decimal string into minor units of a currency with
 * `exponent` decimals. A JSON number arrives as a double; its shortest
 * round-trip text (String(n)) is exactly what the client wrote for any value
 * with up to 15 significant digits, which the size limit guarantees.
 */
export function parseAmount(input: unknown, exponent: number, options: { allowZero?: boolean } = {}): AmountResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'not_a_number' };
    if (input < 0 || Object.is(input, -0)) return { ok: false, reason: 'not_positive' };
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
    if (text.startsWith('-')) return { ok: false, reason: 'not_positive' };
  } else {
    return { ok: false, reason: 'not_a_number' };
  }
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return { ok: false, reason: 'not_a_number' };
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (whole.length > MAX_AMOUNT_MAJOR_DIGITS) return { ok: false, reason: 'too_large' };
  if (fraction.length > exponent) return { ok: false, reason: 'too_many_decimals', detail: String(exponent) };
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor === 0n && !options.allowZero) return { ok: false, reason: 'not_positive' };
  return { ok: true, minor };
}

/** Minor units to decimal text with exactly `exponent` decimals: 125050n, 2 → "1250.50". */
export function formatMinor(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? '.' + digits.slice(digits.length - exponent) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/**
 * The JSON number a response carries for an amount. Number() of decimal text
 * with at most 15 significant digits serializes back to the same digits, so the
 * wire value is exact; amounts are limited far below that.
 */
export function minorToJsonNumber(minor: bigint, exponent: number): number {
  return Number(formatMinor(minor, exponent));
}

/** Parses a fee percentage (0 ≤ p ≤ 1, at most 6 decimals) into millionths. */
export function parsePercent(input: unknown): bigint | null {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : typeof input === 'string' ? input.trim() : '';
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > 6) return null;
  const micros = BigInt(match[1]!) * PERCENT_SCALE + BigInt(fraction.padEnd(6, '0') || '0');
  return micros <= PERCENT_SCALE ? micros : null;
}

/** amount × percent, rounded half-up to the minor unit (amounts are never negative). */
export function percentOf(amountMinor: bigint, percentMicros: bigint): bigint {
  return (amountMinor * percentMicros + PERCENT_SCALE / 2n) / PERCENT_SCALE;
}

/** Millionths back to the decimal fraction the documents show (`percent: 0.01`). */
export function percentToJsonNumber(micros: bigint): number {
  return Number(formatMinor(micros, 6));
}
