import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { CARD_STATUSES, type admin, type CardStatus } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api } from '../../lib/api.ts';

/**
 * The overview's server state: the daily statistics behind the charts (GET /stats/daily), card
 * counts by status (GET /cards?status=…&PageSize=1: the page's totalRecords is the count, counted
 * on the server), and balances: a customer's from GET /customers/{id}; with no customer chosen, an
 * operator sees the funding accounts of one currency, paged on the server (GET /ledger/accounts).
 */
export type StatsDaily = admin.StatsDaily;
export type CustomerDetail = admin.CustomerDetail;
export type LedgerAccount = admin.LedgerAccount;

const STATS_DAYS = 30;
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last 30 UTC days, today included (the statistics are per UTC day). */
export function lastDays(now_ms = Date.now()): { from: string; to: string } {
  return { from: isoDay(now_ms - (STATS_DAYS - 1) * DAY_MS), to: isoDay(now_ms) };
}

export function useDailyStats(currency: string, customerId: string | undefined) {
  const { from, to } = lastDays();
  return useQuery({
    queryKey: ['overview', 'stats', currency, customerId ?? null, from, to] as const,
    queryFn: ({ signal }) => api<StatsDaily>('GET', '/stats/daily', { query: { currency, from, to, customerId }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCardCounts(customerId: string | undefined) {
  return useQueries({
    queries: CARD_STATUSES.map((status) => ({
      queryKey: ['overview', 'cards', status, customerId ?? null] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) => api<PageOf<unknown>>('GET', '/cards', { query: { status, customerId, PageSize: 1 }, signal }),
    })),
    combine: (results) => ({
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
      counts: CARD_STATUSES.map((status, i) => ({ status, count: results[i]?.data?.totalRecords ?? 0 })) as Array<{ status: CardStatus; count: number }>,
      refetch: () => { for (const r of results) void r.refetch(); },
    }),
  });
}

export function useCustomerDetail(customerId: string | undefined) {
  return useQuery({
    queryKey: ['overview', 'customer', customerId] as const,
    queryFn: ({ signal }) => api<CustomerDetail>('GET', `/customers/${encodeURIComponent(customerId!)}`, { signal }),
    enabled: Boolean(customerId),
  });
}

// One of the shared table's page sizes (20, 50, 100), so its "Rows per page" shows the true size.
const FUNDING_PAGE_SIZE = 20;

export function useFundingAccounts(currency: string, enabled: boolean, pageNumber: number, pageSize = FUNDING_PAGE_SIZE) {
  return useQuery({
    queryKey: ['overview', 'funding', currency, pageNumber, pageSize] as const,
    queryFn: ({ signal }) => api<PageOf<LedgerAccount>>('GET', '/ledger/accounts', { query: { type: 'funding', currency, PageSize: pageSize, PageNumber: pageNumber }, signal }),
    enabled, placeholderData: keepPreviousData,
  });
}
