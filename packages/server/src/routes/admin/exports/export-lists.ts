/**
 * The lists an operator can export, by export name → the /admin/v1 list route
 * that answers them. Only routes that answer the page object
 * `{pageNumber, pageSize, totalRecords, totalPages, data}` belong here: the
 * export pages through them. (`/products` and `/webhooks/endpoints` answer a
 * plain array today, so they are not exportable; exports-bounds.test.ts fails
 * if a path here is not registered or stops answering a page.)
 */
export const EXPORT_LISTS = {
  customers: '/customers',
  users: '/users',
  cards: '/cards',
  orders: '/orders',
  transactions: '/transactions',
  'ledger-accounts': '/ledger/accounts',
  'ledger-entries': '/ledger/entries',
  audit: '/audit',
  events: '/events',
} as const satisfies Record<string, string>;

export type ExportName = keyof typeof EXPORT_LISTS;

export const EXPORT_NAMES = Object.keys(EXPORT_LISTS) as ExportName[];

export const isExportName = (name: string): name is ExportName => Object.hasOwn(EXPORT_LISTS, name);

/** `cards-2026-12-01.csv`: the list and the UTC day of the export. */
export const exportFileName = (name: ExportName, at: Date) => `${name}-${at.toISOString().slice(0, 10)}.csv`;
