import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { admin, WebhookEndpoint, WebhookEndpointWithSecret } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';

/**
 * The webhooks area's server state: a customer's endpoints and events (with deliveries and attempts)
 * are queries; every change is a mutation that refreshes them. Create and rotate answer a secret: it
 * stays in the mutation's answer and the dialog's state only (gcTime 0), never in the query cache.
 */
export type Endpoint = WebhookEndpoint;
export type EndpointWithSecret = WebhookEndpointWithSecret;
export type EventRow = admin.AdminEvent;

const endpointsKey = ['webhooks', 'endpoints'] as const;
const eventsKey = ['webhooks', 'events'] as const;

export function useEndpoints(customerId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...endpointsKey, customerId ?? null] as const,
    queryFn: ({ signal }) => api<Endpoint[]>('GET', '/webhooks/endpoints', { query: { customerId }, signal }),
    enabled,
  });
}

export function useEvents(search: Query, enabled: boolean) {
  return useQuery({
    queryKey: [...eventsKey, search] as const,
    queryFn: ({ signal }) => api<PageOf<EventRow>>('GET', '/events', { query: search, signal }),
    enabled, placeholderData: keepPreviousData,
  });
}

export interface EndpointInput { url: string; eventTypes: string[] | null; description: string; customerId?: string }

/** Invalidates endpoints and events after any change (a test or resend adds an event and deliveries). */
function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: endpointsKey }), client.invalidateQueries({ queryKey: eventsKey })]);
}

export function useCreateEndpoint() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: EndpointInput) => api<EndpointWithSecret>('POST', '/webhooks/endpoints', {
      body: { url: input.url, eventTypes: input.eventTypes, ...(input.description ? { description: input.description } : {}), ...(input.customerId ? { customerId: input.customerId } : {}) },
    }),
    onSettled: refresh, gcTime: 0,
  });
}

const endpointPath = (endpointId: string, action: string) => `/webhooks/endpoints/${encodeURIComponent(endpointId)}/${action}`;

export function useUpdateEndpoint(endpointId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { url?: string; eventTypes?: string[] | null; description?: string | null; status?: 'Enabled' | 'Disabled' }) =>
      api<Endpoint>('POST', endpointPath(endpointId, 'update'), { body }),
    onSettled: refresh,
  });
}

export function useEndpointAction(endpointId: string, action: 'delete' | 'test') {
  const refresh = useRefresh();
  return useMutation({ mutationFn: () => api<unknown>('POST', endpointPath(endpointId, action)), onSettled: refresh });
}

export function useRotateSecret(endpointId: string) {
  return useMutation({ mutationFn: () => api<EndpointWithSecret>('POST', endpointPath(endpointId, 'rotateSecret')), gcTime: 0 });
}

export function useRecover(endpointId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (since: string) => api<{ queued: number }>('POST', endpointPath(endpointId, 'recover'), { body: { since } }),
    onSettled: refresh,
  });
}

export function useResend(eventId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => api<{ queued: number }>('POST', `/events/${encodeURIComponent(eventId)}/resend`, { body: {} }),
    onSettled: refresh,
  });
}
