// Hostile values for the fuzz suite: strings with control characters, NUL and lone
// surrogates, huge and exotic unicode, numbers at every edge, dates PostgreSQL cannot
// hold, and the URL encodings (valid and broken) that carry them.
import fc from 'fast-check';

/** Pieces that break naive code: control characters, surrogates, quotes, injection, RTL marks, emoji. */
const NASTY_PIECES = [
  '\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u001f', '\u007f', '\u0085', '\t', '\n', '\r\n',
  '\ud800', '\udfff', '\udbff', '\ud83d\ude00', '\u202e', '\ufeff', '\uffff', '\u2028', 'é', '中文', 'ß', 'İ',
  ' ', '%', '%00', '%FF', '+', '&', '=', '?', '#', '/', '..', '\\', '"', "'", '`', ';', '--', '/*', '${x}', '{{x}}',
  '<script>', 'null', 'undefined', 'NaN', 'true', '0', '-1', '1e5', '__proto__', 'constructor', 'CARD', 'ORD', 'CUS',
];

/** A string made of hostile pieces and ordinary text. */
export const nastyString = fc.array(fc.oneof(fc.constantFrom(...NASTY_PIECES), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

/** Strings around and far past the schemas' length limits (32, 64, 100, 128, 256, 1000). */
export const longString = fc.tuple(fc.constantFrom(33, 65, 101, 129, 257, 1001, 5000, 70_000), fc.constantFrom('A', 'é', '中', '\ud83d\ude00', '0'))
  .map(([length, unit]) => unit.repeat(length));

/** Strings that are never allowed in: NUL, other C0 controls, lone surrogates. */
export const unsafeString = fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('\u0000', '\u0001', '\u001b', '\u001f', '\ud800', '\udfff', '\ud800x', 'x\udc00'), fc.string({ maxLength: 6 }))
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Numbers at the edges of doubles, safe integers, minor units and the amount limits. */
export const edgeNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 0.01, 0.001, 1e-7, Number.MIN_VALUE, 0.1 + 0.2, 1.001, 99.999,
    Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MAX_VALUE,
    123456789012, 9999999999.99, 99999999999.99, 2 ** 31, -(2 ** 31), 2 ** 63),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Numbers as text, including what JSON.parse turns into Infinity and what a decimal parser must refuse. */
export const numericText = fc.oneof(
  fc.constantFrom('1e5', '1E3', '1e999', '-1e999', '1e-7', '-0', '0', '0.00', ' 1', '1 ', '0x10', '0b1', '1_000', '1,5', '1.2.3', '.5', '5.',
    '+1', 'Infinity', '-Infinity', 'NaN', '', ' ', '9'.repeat(400), '0.' + '0'.repeat(300) + '1', '9007199254740993', '1.0e+2', '١٢٣'),
  edgeNumber.map(String),
);

/** Dates PostgreSQL cannot hold, impossible days, odd formats, and valid ones near the 2000–2100 limits. */
export const dateText = fc.constantFrom(
  '0000-01-01', '9999-12-31', '1999-12-31', '2000-01-01', '2100-12-31', '2101-01-01', '1970-01-01', '0001-01-01',
  '2025-02-30', '2025-13-01', '2025-00-10', '2025-01-15', '2025-01-15T08:30:00Z', '2025-01-15T25:00', '2025-01-15T08:30:00.1234567Z',
  '+275760-09-13', '-000001-01-01', '2025-01-15T08:30:00+99:99', '2099-12-31T23:59:59.999-14:00', '2000-01-01T00:00:00+14:00',
  '20250115', '2025/01/15', 'today', '2025-1-5',
);

/** Any JSON value, with the hostile strings and edge numbers over-represented. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ maxDepth: 3 },
    { arbitrary: fc.oneof(nastyString, unsafeString, longString, numericText, dateText, edgeNumber, fc.boolean(), fc.constant(null)), weight: 6 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.oneof(nastyString, fc.constantFrom('cardId', 'amount', 'customerId', 'name')), tie('value'), { maxKeys: 4 }), weight: 1 }),
})).value;

/** Percent-encodes the UTF-8 bytes of a string (a lone surrogate, which has none, becomes U+FFFD as in any HTTP client). */
export function encodeComponent(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Raw URL fragments that no decoder accepts, or that decode to something odd. */
export const brokenEncoding = fc.constantFrom('%', '%G1', '%FF%FE', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%%', '%0', '%00', '%2e%2e%2f');
