import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { admin } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';

/**
 * The orders area's server state: the list (GET /admin/v1/orders, filtered and paged on the server,
 * a customer user narrowed to its own customer by the server) and one order with its fee lines and
 * journal postings (GET /admin/v1/orders/{orderNo}). Read only: orders are placed from the card pages.
 */
export type OrderRow = admin.AdminOrdersOrder;
export type FeeLine = { feeCode: string; feeName: string; feeAmount: number };
export type JournalEntry = admin.AdminOrdersJournalEntry;
export interface OrderDetail { order: OrderRow; feeLines: FeeLine[]; journalEntries: JournalEntry[] }

/** The API's filter names: the URL carries them, the server applies them. */
export const ORDER_FILTERS = ['customerId', 'cardModel', 'orderType', 'status', 'cardId', 'from', 'to'] as const;

const ordersKey = ['orders'] as const;
// An order still Processing finishes when the issuer channel answers: look again until it has.
const PROCESSING_POLL_MS = 3_000;

export function useOrders(search: Query) {
  return useQuery({
    queryKey: [...ordersKey, 'list', search] as const,
    queryFn: ({ signal }) => api<PageOf<OrderRow>>('GET', '/orders', { query: search, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(orderNo: string) {
  return useQuery({
    queryKey: [...ordersKey, 'detail', orderNo] as const,
    queryFn: ({ signal }) => api<OrderDetail>('GET', `/orders/${encodeURIComponent(orderNo)}`, { signal }),
    refetchInterval: (query) => (query.state.data?.order.status === 'Processing' ? PROCESSING_POLL_MS : false),
  });
}
