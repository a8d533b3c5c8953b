import { queryOptions } from '@tanstack/react-query';
import type { people } from '@cardepass/contract';
import { api, isApiError, setCsrfToken } from './api.ts';

/**
 * The signed-in user (GET /admin/v1/session), the one source of who is using the console and what
 * they may do. null = nobody signed in (the server answered 401). Every change of session (sign in,
 * out, two-factor) writes the answer back into this query.
 */
export type SessionInfo = people.SessionInfo;

export const sessionQuery = queryOptions({
  queryKey: ['session'] as const,
  queryFn: async (): Promise<SessionInfo | null> => {
    try {
      const session = await api<SessionInfo>('GET', '/session', { redirectOn401: false });
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (isApiError(error) && error.status === 401) { setCsrfToken(null); return null; }
      throw error;
    }
  },
  staleTime: 60_000,
});
