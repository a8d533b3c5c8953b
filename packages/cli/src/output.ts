// How operator commands print: with --json, exactly the API's `data` (for
// scripts and jq); otherwise aligned tables for lists and "key: value" lines
// for single objects, meant for people.

export type Cell = string | number | boolean | null | undefined;

export interface Column<Row> {
  header: string;
  value: (row: Row) => Cell;
}

const text = (cell: Cell) => (cell === null || cell === undefined ? '-' : String(cell));

/** Pretty JSON: a script parses it the same, and a person can still read it. */
export function printJson(data: unknown): void {
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

/** Rows under upper-case headers, columns padded to their widest cell; `empty` when there are none. */
export function printTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], empty: string): void {
  if (rows.length === 0) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const cells = rows.map((row) => columns.map((column) => text(column.value(row))));
  const headers = columns.map((column) => column.header.toUpperCase());
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((line) => line[i]!.length)));
  // The last column is not padded, so lines carry no trailing blanks.
  const format = (line: string[]) => line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  process.stdout.write([format(headers), ...cells.map(format)].map((line) => `${line}\n`).join(''));
}

/** "key: value" lines with the values aligned; arrays are joined with commas. */
export function printFields(fields: Record<string, Cell | readonly Cell[]>): void {
  const entries = Object.entries(fields);
  const width = Math.max(...entries.map(([key]) => key.length)) + 1;
  const lines = entries.map(([key, value]) => {
    const shown = Array.isArray(value) ? (value.length ? value.map(text).join(', ') : '-') : text(value as Cell);
    return `${`${key}:`.padEnd(width)} ${shown}`;
  });
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

/** A line for the operator that is not the result (hints, warnings): stderr keeps stdout parseable. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Prints a command's result: `data` as JSON with --json, else the readable form.
 * Every admin command goes through here so --json means the same everywhere.
 */
export function printResult<T>(json: boolean | undefined, data: T, readable: (data: T) => void): void {
  if (json) printJson(data);
  else readable(data);
}
