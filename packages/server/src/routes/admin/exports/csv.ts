// CSV rendering of list items for the exports: RFC 4180 (CRLF line ends, fields
// with a comma, quote or line break quoted, quotes doubled), a UTF-8 byte order
// mark, the OWASP CSV-injection defence, and secret-named fields dropped.
import { isSecretFieldName } from '../../../services/audit/audit-log.ts';

/**
 * Excel opens a CSV file without a byte order mark in the machine's legacy code
 * page (Windows-1252, GBK…), garbling every non-ASCII name; with the mark it reads
 * UTF-8. Other tools (Numbers, LibreOffice, pandas with utf-8-sig) accept it.
 */
export const UTF8_BOM = '\uFEFF';
const LINE_END = '\r\n';

/** One column: the item's key, and for a key flattened one level, the nested key (`balances.available`). */
export interface Column { name: string; key: string; subKey?: string }

type Item = Record<string, unknown>;
const isPlainObject = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);

// The API's masked numbers (maskedCardNumber, maskCardNumber: 6 digits, stars, 4 digits) are meant
// for lists and exports; their names still match the secret pattern, so they are kept only while
// the value is visibly masked, never a full number.
const MASKED_NAME = /^mask/i;
const isMaskedValue = (value: unknown) => typeof value === 'string' && value.includes('*') && (value.match(/\d/g)?.length ?? 0) <= 10;
const isDroppedName = (name: string) => isSecretFieldName(name) && !MASKED_NAME.test(name);
const isDroppedField = (name: string, value: unknown) => isSecretFieldName(name) && !(MASKED_NAME.test(name) && isMaskedValue(value));

/**
 * The columns of an export: the union of the first page's item keys in the order they
 * first appear, objects flattened one level (`balances.available`), secret-named
 * fields dropped. A key holding an object in one item and a non-null scalar in
 * another stays one column (its objects JSON-encoded): nothing is lost.
 */
export function columnsOf(items: unknown[]): Column[] {
  const keys = new Map<string, { subKeys: Set<string>; scalar: boolean }>();
  for (const item of items) {
    if (!isPlainObject(item)) continue;
    for (const [key, value] of Object.entries(item)) {
      if (isDroppedName(key)) continue;
      const seen = keys.get(key) ?? { subKeys: new Set<string>(), scalar: false };
      keys.set(key, seen);
      if (isPlainObject(value)) for (const subKey of Object.keys(value)) seen.subKeys.add(subKey);
      else if (value !== null && value !== undefined) seen.scalar = true;
    }
  }
  const columns: Column[] = [];
  for (const [key, { subKeys, scalar }] of keys) {
    if (subKeys.size === 0 || scalar) { columns.push({ name: key, key }); continue; }
    for (const subKey of subKeys) if (!isDroppedName(subKey)) columns.push({ name: `${key}.${subKey}`, key, subKey });
  }
  return columns;
}

// A nested value (an order's fee lines, an event's deliveries) is one JSON cell, with any
// secret-named field removed at every depth: defence in depth, the lists carry none.
const withoutSecrets = (key: string, value: unknown) => (key !== '' && isDroppedField(key, value) ? undefined : typeof value === 'bigint' ? value.toString() : value);

// OWASP "CSV Injection": a spreadsheet runs a cell that begins with one of these as a formula
// (=HYPERLINK, +cmd|, -2+3, @SUM, and tab or CR, which some parsers strip before looking).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell's text: JSON numbers as written (a typed number cannot hold a formula), text guarded against formulas. */
export function cellText(name: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (name !== '' && isDroppedField(name, value)) return '';
  let text: string;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (typeof value === 'string') text = FORMULA_START.test(value) ? `'${value}` : value;
  else text = JSON.stringify(value, withoutSecrets) ?? '';
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function headerLine(columns: Column[]): string {
  return columns.map((c) => cellText('', c.name)).join(',') + LINE_END;
}

export function itemLine(columns: Column[], item: unknown): string {
  const row = isPlainObject(item) ? item : {};
  return columns.map((c) => {
    const value = row[c.key];
    if (c.subKey === undefined) return cellText(c.name, value);
    return cellText(c.subKey, isPlainObject(value) ? value[c.subKey] : undefined);
  }).join(',') + LINE_END;
}

/** A comment line (`# truncated at 5 rows`): one line, one cell (quoted if it holds a comma), never a formula. */
export function commentLine(text: string): string {
  return cellText('', `# ${text.replace(/[\r\n]+/g, ' ')}`) + LINE_END;
}
