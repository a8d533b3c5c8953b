// A small RFC 4180 reader for the export tests, written apart from the server's
// writer so that the tests check the format, not the writer against itself.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Records of a CSV text (CRLF or LF line ends, quoted fields with doubled quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { /* the \n ends the record */ }
    else if (c === '\n') { record.push(field); records.push(record); record = []; field = ''; }
    else field += c;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  return records;
}

export interface ExportFile { header: string[]; rows: Array<Record<string, string>>; comments: string[]; text: string }

/** Checks an export response's headers and byte order mark, and reads it as objects by column name. */
export function readExport(response: LightMyRequestResponse, list: string): ExportFile {
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${list}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
  expect(response.headers['cache-control']).toBe('no-store');
  return readExportText(response.body);
}

export function readExportText(body: string): ExportFile {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const text = body.slice(1);
  const records = parseCsv(text);
  const comments = records.filter((r) => r.length === 1 && r[0]!.startsWith('# ')).map((r) => r[0]!);
  const [header, ...data] = records.filter((r) => !(r.length === 1 && r[0]!.startsWith('# ')));
  for (const r of data) expect(r.length).toBe(header!.length);
  return { header: header!, rows: data.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]!]))), comments, text };
}

/** What a list item's value should read as in its CSV cell: flattened one level, nested values as JSON, formulas defused. */
export function expectedCell(item: Record<string, any>, column: string): string {
  const [key, subKey] = column.split('.', 2) as [string, string | undefined];
  const value = subKey === undefined ? item[key] : item[key]?.[subKey];
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return `'${value}`;
  return String(value);
}
