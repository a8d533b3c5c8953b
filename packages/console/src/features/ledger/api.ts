import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { admin } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';

/**
 * The ledger explorer's server state (GET /admin/v1/ledger/…): accounts with their balances, journal
 * entries with their postings, and the whole-ledger verification. The server scopes a customer user to
 * its own funding and card accounts (never the platform's side) and refuses it the verification.
 */
export type LedgerAccount = admin.LedgerAccount;
export type LedgerEntry = admin.LedgerEntry;
export type LedgerPosting = LedgerEntry['postings'][number];
export type LedgerVerification = admin.LedgerVerification;

/** The API's filter names: the URL carries them, the server applies them. */
export const ACCOUNT_FILTERS = ['customerId', 'currency', 'type'] as const;
export const ENTRY_FILTERS = ['type', 'from', 'to'] as const;
export const ACCOUNT_TYPES = ['funding', 'card', 'fee_revenue', 'external', 'network'] as const;
/** The accounts a customer user can have: the platform's side is not theirs to see. */
export const CUSTOMER_ACCOUNT_TYPES = ['funding', 'card'] as const;

const ledgerKey = ['ledger'] as const;

export function useAccounts(search: Query) {
  return useQuery({
    queryKey: [...ledgerKey, 'accounts', search] as const,
    queryFn: ({ signal }) => api<PageOf<LedgerAccount>>('GET', '/ledger/accounts', { query: search, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(accountId: string) {
  return useQuery({
    queryKey: [...ledgerKey, 'account', accountId] as const,
    queryFn: ({ signal }) => api<LedgerAccount>('GET', `/ledger/accounts/${encodeURIComponent(accountId)}`, { signal }),
  });
}

/** Entries with a posting on the account, newest first, paged and filtered by the URL's search. */
export function useAccountEntries(accountId: string, search: Query, enabled: boolean) {
  return useQuery({
    queryKey: [...ledgerKey, 'entries', accountId, search] as const,
    queryFn: ({ signal }) => api<PageOf<LedgerEntry>>('GET', '/ledger/entries', { query: { ...search, accountId }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEntry(entryId: string) {
  return useQuery({
    queryKey: [...ledgerKey, 'entry', entryId] as const,
    queryFn: ({ signal }) => api<LedgerEntry>('GET', `/ledger/entries/${encodeURIComponent(entryId)}`, { signal }),
  });
}

/**
 * The verification walks the whole ledger: it runs when the operator asks (a mutation, so it is never
 * refetched on its own), and its answer is shown until asked again.
 */
export function useVerifyLedger() {
  return useMutation({ mutationFn: () => api<LedgerVerification>('GET', '/ledger/verify') });
}
