import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/**
 * A customer's API credentials (client id + secret for POST /openapi/connect/token). The list never
 * has secrets (the server stores only their hashes). The answer of "create" carries the secret: it is
 * a mutation with gcTime 0, so the secret never enters the query cache and lives only in the
 * component that shows it once.
 */
// The contract's admin.ApiClient / admin.ClientCredentials shapes (it exports the schemas, not their types).
export interface ApiClientRow { clientId: string; customerId: string; status: 'Active' | 'Revoked'; createdOn: string }
export interface NewCredentials { clientId: string; clientSecret: string }

const enc = encodeURIComponent;
const clientsKey = (customerId: string) => ['credentials', customerId] as const;
// A change also refreshes the customers' queries: the customer's page counts its active credentials.
const CUSTOMERS_KEY = ['customers'] as const;

export function useClients(customerId: string) {
  return useQuery({
    queryKey: clientsKey(customerId),
    queryFn: ({ signal }) => api<ApiClientRow[]>('GET', `/customers/${enc(customerId)}/clients`, { signal }),
  });
}

export function useCreateClient(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<NewCredentials & { customerId: string }>('POST', `/customers/${enc(customerId)}/clients`, { body: {} }),
    gcTime: 0,
    onSettled: () => Promise.all([clientsKey(customerId), CUSTOMERS_KEY].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}

export function useRevokeClient(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => api<ApiClientRow>('POST', `/clients/${enc(clientId)}/revoke`, { body: {} }),
    onSettled: () => Promise.all([clientsKey(customerId), CUSTOMERS_KEY].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}
