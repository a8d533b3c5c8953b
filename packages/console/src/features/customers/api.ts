import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { admin, people } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';
import type { NewCredentials } from '../credentials/api.ts';

/**
 * The customers area's server state. Lists and details are queries; every change is a mutation that
 * refreshes the customer afterwards. Answers carrying a client secret (new customer, new credential)
 * are mutations with gcTime 0 on purpose: the secret must never enter the query cache, it lives only
 * in the component that shows it once.
 */
export type Customer = admin.Customer;
export type CustomerDetail = admin.CustomerDetail;
export type Entitlements = admin.CustomerEntitlements;
export type Product = admin.AdminProduct;
export type UserRow = people.User;

const customersKey = ['customers'] as const;
const enc = encodeURIComponent;

export function useCustomers(search: Query) {
  return useQuery({
    queryKey: [...customersKey, 'list', search] as const,
    queryFn: ({ signal }) => api<PageOf<Customer>>('GET', '/customers', { query: search, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<Customer & NewCredentials>('POST', '/customers', { body: { name } }),
    gcTime: 0,
    onSettled: () => client.invalidateQueries({ queryKey: [...customersKey, 'list'] }),
  });
}

export function useCustomer(customerId: string) {
  return useQuery({
    queryKey: [...customersKey, 'detail', customerId] as const,
    queryFn: ({ signal }) => api<CustomerDetail>('GET', `/customers/${enc(customerId)}`, { signal }),
  });
}

/** After any change to a customer: its detail, its sub-lists and the list pages (all under one key). */
function useRefreshCustomers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: customersKey });
}

export function useUpdateCustomer(customerId: string) {
  const refresh = useRefreshCustomers();
  return useMutation({
    mutationFn: (body: admin.CustomerUpdateRequest) => api<Customer>('PATCH', `/customers/${enc(customerId)}`, { body }),
    onSettled: refresh,
  });
}

export function useSetCustomerStatus(customerId: string) {
  const refresh = useRefreshCustomers();
  return useMutation({
    mutationFn: (action: 'disable' | 'enable') => api<Customer>('POST', `/customers/${enc(customerId)}/${action}`, { body: {} }),
    onSettled: refresh,
  });
}

export function useEntitlements(customerId: string) {
  return useQuery({
    queryKey: [...customersKey, 'entitlements', customerId] as const,
    queryFn: ({ signal }) => api<Entitlements>('GET', `/customers/${enc(customerId)}/products`, { signal }),
  });
}

export function useSetEntitlements(customerId: string) {
  const refresh = useRefreshCustomers();
  return useMutation({
    mutationFn: (body: Entitlements) => api<Entitlements>('PUT', `/customers/${enc(customerId)}/products`, { body }),
    onSettled: refresh,
  });
}

/** Every product of the catalog, for the entitlements checkboxes (operators see all of them). */
export function useAllProducts(enabled: boolean) {
  return useQuery({
    queryKey: ['products'] as const,
    queryFn: ({ signal }) => api<Product[]>('GET', '/products', { signal }),
    enabled, staleTime: 60_000,
  });
}

/** The customer's console users: the first few here; the users page lists them all. */
export const USERS_SHOWN = 10;
export function useCustomerUsers(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...customersKey, 'users', customerId] as const,
    queryFn: ({ signal }) => api<PageOf<UserRow>>('GET', '/users', { query: { customerId, PageSize: USERS_SHOWN }, signal }),
    enabled,
  });
}

/** What a deposit or an adjustment answers that the page shows. */
export interface MoneyResult { currency: string; amount: number; reference: string; balanceAfter: number }
export interface MoneyInput { customerId: string; currency: string; amount: string; reference: string; reason?: string }

export function useDeposit(customerId: string) {
  const refresh = useRefreshCustomers();
  return useMutation({
    mutationFn: (body: MoneyInput) => api<MoneyResult>('POST', '/deposits', { body }),
    onSettled: refresh,
  });
}

export function useAdjust(customerId: string) {
  const refresh = useRefreshCustomers();
  return useMutation({
    mutationFn: (body: MoneyInput & { reason: string }) => api<MoneyResult>('POST', '/adjustments', { body }),
    onSettled: refresh,
  });
}
