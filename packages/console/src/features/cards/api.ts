import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { admin, CardModel } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';

/**
 * The cards area's server state. Lists and details are queries (cached, refetched); every change is a
 * mutation that refreshes the card afterwards. The reveal is a mutation on purpose: its answer (PAN,
 * CVV) must never enter the query cache, so it lives only in the reveal dialog's React state.
 */
export type CardRow = admin.AdminCardsCard;
export type CardDetail = { card: CardRow; orders: admin.AdminOrdersOrder[]; transactions: admin.AdminTransactionsItem[]; events: CardEventRow[] };
/** The fields of an event the card page shows (every event type has them). */
export interface CardEventRow { eventId: string; type: string; timestamp: string; sequence: number; data: Record<string, unknown> }
export type Product = admin.AdminProduct;
export type Customer = admin.Customer;
export type Revealed = admin.CardOrdersReveal;

/** Any order the card endpoints answer: the fields the console shows of all of them. */
export interface PlacedOrder {
  orderNo: string; status: 'Processing' | 'Completed' | 'Failure'; orderType: string; failureReason: string | null;
  customerOrderNo: string | null; cardInfos?: Array<{ cardId: string }>; cardId?: string;
}

const cardsKey = ['cards'] as const;
const PROCESSING_POLL_MS = 3_000;

export function cardsQuery(search: Query) {
  return queryOptions({
    queryKey: [...cardsKey, 'list', search] as const,
    queryFn: ({ signal }) => api<PageOf<CardRow>>('GET', '/cards', { query: search, signal }),
    placeholderData: keepPreviousData,
  });
}

export const useCards = (search: Query) => useQuery(cardsQuery(search));

export function useCard(cardId: string) {
  return useQuery({
    queryKey: [...cardsKey, 'detail', cardId] as const,
    queryFn: ({ signal }) => api<CardDetail>('GET', `/cards/${encodeURIComponent(cardId)}`, { signal }),
    // An order still Processing (the issuer channel answers later): look again until it has finished.
    refetchInterval: (query) => (query.state.data?.orders.some((o) => o.status === 'Processing') ? PROCESSING_POLL_MS : false),
  });
}

export function useProducts() {
  return useQuery({ queryKey: ['products'] as const, queryFn: ({ signal }) => api<Product[]>('GET', '/products', { signal }), staleTime: 60_000 });
}

/** Customers for the operators' picker: searched on the server, the first 50 matches. */
export function useCustomerOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['customers', 'picker', q] as const,
    queryFn: ({ signal }) => api<PageOf<Customer>>('GET', '/customers', { query: { q: q || undefined, status: 'Active', PageSize: 50 }, signal }),
    enabled, placeholderData: keepPreviousData,
  });
}

export interface ApplyInput {
  customerId?: string; cardModel: CardModel; productCode: string; cardCurrency: string; cardAlias?: string;
  topUpAmount?: string; maxAuthAmount?: string; maxCreditAmount?: string; customerOrderNo: string;
}

export function useApplyCard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApplyInput) => api<PlacedOrder>('POST', '/cards', { body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: cardsKey }),
  });
}

export type CardAction = 'topup' | 'withdraw' | 'cancel' | 'block' | 'unblock' | 'limits';

/** One order on the card; afterwards the card, its lists and its history are fetched again. */
export function useCardAction(cardId: string, action: CardAction) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, string>) => api<PlacedOrder>('POST', `/cards/${encodeURIComponent(cardId)}/${action}`, { body }),
    onSettled: () => client.invalidateQueries({ queryKey: cardsKey }),
  });
}

export function useRevealCard(cardId: string) {
  return useMutation({
    mutationFn: (reason: string) => api<Revealed>('POST', `/cards/${encodeURIComponent(cardId)}/reveal`, { body: { reason } }),
    // The mutation cache keeps the last answer until the observer goes: the dialog resets it at once.
    gcTime: 0,
  });
}
