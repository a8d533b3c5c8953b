import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { admin, people } from '@cardepass/contract';
import type { PageOf } from '../../components/data-table.tsx';
import { api, type Query } from '../../lib/api.ts';

/**
 * The users area's server state: the user list (scoped by the server: a customer user gets its own
 * team) and every change to a user. Answers carrying a one-time password link are mutations with
 * gcTime 0 on purpose: the link holds a token, so it lives only in the component that shows it once,
 * never in the query cache.
 */
export type UserRow = people.User;
export type PasswordLink = admin.UsersPasswordLink;
export type InviteInput = admin.UsersCreateRequest;
export type UserChange = admin.UsersUpdateRequest;
export interface WithLink { user: UserRow; passwordLink: PasswordLink }

const usersKey = ['users'] as const;
const securityKey = ['settings', 'security'] as const;
const enc = encodeURIComponent;

export function useUsers(search: Query) {
  return useQuery({
    queryKey: [...usersKey, 'list', search] as const,
    queryFn: ({ signal }) => api<PageOf<UserRow>>('GET', '/users', { query: search, signal }),
    placeholderData: keepPreviousData,
  });
}

/** After any change: every users list (the customers area keeps its own copy and refetches on its own). */
function useRefreshUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: usersKey });
}

export function useInviteUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (body: InviteInput) => api<WithLink>('POST', '/users', { body }),
    gcTime: 0,
    onSettled: refresh,
  });
}

export function useUpdateUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ userId, change }: { userId: string; change: UserChange }) => api<UserRow>('PATCH', `/users/${enc(userId)}`, { body: change }),
    onSettled: refresh,
  });
}

export function useNewPasswordLink() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (userId: string) => api<WithLink>('POST', `/users/${enc(userId)}/password-link`, { body: {} }),
    gcTime: 0,
    onSettled: refresh,
  });
}

export function useSignOutUser() {
  return useMutation({
    mutationFn: (userId: string) => api<{ sessionsEnded: number }>('POST', `/users/${enc(userId)}/sign-out`, { body: {} }),
  });
}

export function useResetTotp() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (userId: string) => api<UserRow>('POST', `/users/${enc(userId)}/totp/reset`, { body: {} }),
    onSettled: refresh,
  });
}

export function useSecuritySettings() {
  return useQuery({
    queryKey: securityKey,
    queryFn: ({ signal }) => api<admin.UsersSecuritySettings>('GET', '/settings/security', { signal }),
  });
}

export function useSetSecuritySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: admin.UsersSecuritySettings) => api<admin.UsersSecuritySettings>('PATCH', '/settings/security', { body }),
    onSuccess: (answer) => client.setQueryData(securityKey, answer),
  });
}
