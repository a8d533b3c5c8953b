import type { FormEvent, ReactNode } from 'react';
import { useNavigate } from '@tanstack/react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import { useT } from '../lib/i18n.tsx';
import { Empty, ErrorState, Loading } from './states.tsx';

/**
 * A server-paged table. The page, its size and every filter live in the URL's search params
 * (PageNumber, PageSize and the API's own filter names), so a list can be bookmarked, shared and
 * reloaded; the query hook turns them into the API call. Nothing is paged or filtered in the browser.
 */
export interface PageOf<T> { pageNumber: number; pageSize: number; totalRecords: number; totalPages: number; data: T[] }
export interface Column<T> { header: string; cell: (row: T) => ReactNode; numeric?: boolean }
export type ListSearch = { PageNumber?: number; PageSize?: number } & Record<string, string | number | undefined>;

const PAGE_SIZES = [20, 50, 100];

/** A route's validateSearch for a list: the paging numbers plus the named string filters. */
export function listSearch(filters: readonly string[]) {
  return (raw: Record<string, unknown>): ListSearch => {
    const search: ListSearch = {};
    const number = (value: unknown, max: number) => {
      const n = Number(value);
      return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
    };
    if (raw.PageNumber !== undefined) search.PageNumber = number(raw.PageNumber, 1_000_000);
    if (raw.PageSize !== undefined) search.PageSize = number(raw.PageSize, 100);
    for (const name of filters) if (typeof raw[name] === 'string' && raw[name]) search[name] = (raw[name] as string).slice(0, 200);
    return search;
  };
}

function useSetSearch() {
  const navigate = useNavigate();
  return (update: (previous: ListSearch) => ListSearch) =>
    navigate({ to: '.', search: update as never });
}

export function DataTable<T>({ caption, columns, query, rowKey, empty }: {
  caption: string; columns: Column<T>[]; query: UseQueryResult<PageOf<T>>; rowKey: (row: T) => string; empty?: ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const page = query.data;
  if (page.data.length === 0 && page.pageNumber <= 1) return <Empty>{empty}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead><tr>{columns.map((c) => <th key={c.header} scope="col" className={c.numeric ? 'numeric' : undefined}>{c.header}</th>)}</tr></thead>
        <tbody>
          {page.data.map((row) => (
            <tr key={rowKey(row)}>{columns.map((c) => <td key={c.header} className={c.numeric ? 'numeric' : undefined}>{c.cell(row)}</td>)}</tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} />
    </div>
  );
}

export function Pagination({ page }: { page: Pick<PageOf<unknown>, 'pageNumber' | 'pageSize' | 'totalPages' | 'totalRecords'> }) {
  const t = useT();
  const setSearch = useSetSearch();
  const go = (pageNumber: number) => setSearch((previous) => ({ ...previous, PageNumber: pageNumber }));
  return (
    <nav className="pagination" aria-label={t('table.page', { page: page.pageNumber, pages: Math.max(page.totalPages, 1) })}>
      <span>{t('table.total', { total: page.totalRecords })}</span>
      <button type="button" className="button" disabled={page.pageNumber <= 1} onClick={() => go(page.pageNumber - 1)}>{t('table.previous')}</button>
      <span>{t('table.page', { page: page.pageNumber, pages: Math.max(page.totalPages, 1) })}</span>
      <button type="button" className="button" disabled={page.pageNumber >= page.totalPages} onClick={() => go(page.pageNumber + 1)}>{t('table.next')}</button>
      <label className="inline-label">
        {t('table.pageSize')}
        <select value={page.pageSize} onChange={(e) => setSearch((previous) => ({ ...previous, PageSize: Number(e.target.value), PageNumber: 1 }))}>
          {PAGE_SIZES.map((size) => <option key={size} value={size}>{size}</option>)}
        </select>
      </label>
    </nav>
  );
}

/**
 * The filters above a table: its inputs are named after the API's query parameters and start from
 * the URL (defaultValue={search.status}); Apply writes them to the URL (and back to page 1).
 */
export function FilterBar({ filters, children }: { filters: readonly string[]; children: ReactNode }) {
  const t = useT();
  const setSearch = useSetSearch();
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setSearch((previous) => {
      const next: ListSearch = { PageSize: previous.PageSize };
      for (const name of filters) {
        const value = data.get(name);
        if (typeof value === 'string' && value.trim()) next[name] = value.trim();
      }
      return next;
    });
  };
  const clear = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch((previous) => ({ PageSize: previous.PageSize }));
  };
  return (
    <form className="filter-bar" role="search" aria-label={t('table.filters')} onSubmit={apply} onReset={clear}>
      {children}
      <div className="filter-actions">
        <button type="submit" className="button button-primary">{t('table.apply')}</button>
        <button type="reset" className="button">{t('table.clear')}</button>
      </div>
    </form>
  );
}
