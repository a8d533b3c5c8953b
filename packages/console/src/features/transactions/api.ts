import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { admin } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';

/**
 * The transactions area's server state: card transactions across customers (GET /admin/v1/transactions,
 * a customer user narrowed to its own by the server) and one transaction with the life of its
 * authorization (GET /admin/v1/transactions/{transactionId}). Read only: the card network writes them.
 */
export type TransactionRow = admin.AdminTransactionsItem;
export interface TransactionDetail { transaction: TransactionRow; authorization: TransactionRow | null; life: TransactionRow[] }

/** The API's filter names: the URL carries them, the server applies them. */
export const TRANSACTION_FILTERS = ['customerId', 'cardId', 'type', 'status', 'from', 'to'] as const;

const transactionsKey = ['transactions'] as const;

export function useTransactions(search: Query) {
  return useQuery({
    queryKey: [...transactionsKey, 'list', search] as const,
    queryFn: ({ signal }) => api<PageOf<TransactionRow>>('GET', '/transactions', { query: search, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTransaction(transactionId: string) {
  return useQuery({
    queryKey: [...transactionsKey, 'detail', transactionId] as const,
    queryFn: ({ signal }) => api<TransactionDetail>('GET', `/transactions/${encodeURIComponent(transactionId)}`, { signal }),
  });
}
