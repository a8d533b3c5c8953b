// Reads an /admin/v1 list page by page, in process, as the caller: the list's own
// permission, customer scoping, filters and validation apply unchanged, so an export
// can never show more than the list would, and nothing is implemented twice.
import type { FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { ErrorEnvelope as ErrorEnvelopeSchema } from '@cardepass/contract';
import type { TypedApp } from '../../route-kit.ts';

/** Rows per list request: the lists' largest page (MAX_PAGE_SIZE). */
export const EXPORT_PAGE_SIZE = 100;

export interface ListPage { totalRecords: number; totalPages: number; data: unknown[] }

/** A page, or the list's own error envelope with its HTTP status. */
export type PageResult =
  | { ok: true; page: ListPage }
  | { ok: false; statusCode: number; envelope: ErrorEnvelope };

type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>;

// The caller's credentials and language; nothing else (no Host, no body headers).
const FORWARDED_HEADERS = ['cookie', 'x-admin-key', 'authorization', 'accept-language'] as const;
// The export chooses the paging; any other parameter is the list's own.
const PAGING = /^page(number|size)$/i;

function forwardedQuery(query: unknown): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (PAGING.test(name)) continue;
    for (const one of [value].flat()) if (typeof one === 'string') params.append(name, one);
  }
  return params;
}

const isListPage = (value: unknown): value is ListPage => {
  const page = value as ListPage | null;
  return typeof page === 'object' && page !== null && Array.isArray(page.data)
    && Number.isInteger(page.totalRecords) && Number.isInteger(page.totalPages);
};

/**
 * A reader of the list at `listUrl` (`/admin/v1/cards`) with the credentials and
 * filters of `request`. `app` is any instance of the server: inject always enters at its root.
 */
export function listPages(app: Pick<TypedApp, 'inject'>, request: Pick<FastifyRequest, 'headers' | 'query'>, listUrl: string) {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const query = forwardedQuery(request.query);
  return async function fetchPage(pageNumber: number): Promise<PageResult> {
    query.set('PageNumber', String(pageNumber));
    query.set('PageSize', String(EXPORT_PAGE_SIZE));
    const response = await app.inject({ method: 'GET', url: `${listUrl}?${query}`, headers });
    if (response.statusCode !== 200) return { ok: false, statusCode: response.statusCode, envelope: response.json() as ErrorEnvelope };
    const body = response.json() as { data?: unknown };
    // A list in the export table that answers anything but the page object is a bug of that table.
    if (!isListPage(body.data)) throw new Error(`export source ${listUrl} did not answer a page object`);
    return { ok: true, page: body.data };
  };
}
