import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { admin } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';

/** The audit area's server state: the filtered log (paged on the server), one entry, and the chain check. */
export type AuditEntry = admin.AuditEntry;
export type AuditVerification = admin.AuditVerification;

export function useAuditLog(search: Query) {
  return useQuery({
    queryKey: ['audit', 'list', search] as const,
    queryFn: ({ signal }) => api<PageOf<AuditEntry>>('GET', '/audit', { query: search, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAuditEntry(auditId: string) {
  return useQuery({
    queryKey: ['audit', 'entry', auditId] as const,
    queryFn: ({ signal }) => api<AuditEntry>('GET', `/audit/${encodeURIComponent(auditId)}`, { signal }),
  });
}

/** A button's action, not a cached read: every click recomputes the whole chain on the server. */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api<AuditVerification>('GET', '/audit/verify') });
}
