import { Type, type Static } from '@sinclair/typebox';

/**
 * CSV exports under /admin/v1/exports/{list}. The list name is free text here, not an enum:
 * an unknown name is answered 404 EXPORT_NOT_FOUND naming the exports that exist, not a
 * validation error. Every other query parameter is the list's own and is checked by it.
 */
export const ExportsParams = Type.Object({
  list: Type.String({ minLength: 1, maxLength: 40, description: 'Which list: customers, users, cards, orders, transactions, ledger-accounts, ledger-entries, audit, events' }),
});
export type ExportsParams = Static<typeof ExportsParams>;

export const ExportsCsv = Type.String({
  description: 'text/csv; charset=utf-8 with a UTF-8 byte order mark, RFC 4180 quoting, one row per list item; '
    + 'a last line `# truncated at N rows` when the list was longer than the limit, `# error: …` when a later page failed',
});
