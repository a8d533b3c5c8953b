import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../lib/api.ts';
import { sessionQuery, type SessionInfo } from '../../lib/session.ts';

/** The session's changes; each writes the server's answer back into the session query (lib/session.ts). */
export interface SignInInput { email: string; password: string; totpCode?: string; recoveryCode?: string }

function useSessionWrite() {
  const client = useQueryClient();
  return (session: SessionInfo | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    client.setQueryData(sessionQuery.queryKey, session);
  };
}

export function useSignIn() {
  const write = useSessionWrite();
  return useMutation({
    mutationFn: (input: SignInInput) => api<SessionInfo>('POST', '/session', { body: input, redirectOn401: false }),
    onSuccess: write,
  });
}

export function useSignOut() {
  const write = useSessionWrite();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<unknown>('DELETE', '/session', { redirectOn401: false }),
    // Everything cached belonged to that user.
    onSettled: () => { client.clear(); write(null); },
  });
}

export function useSignOutEverywhere() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<unknown>('POST', '/session/sign-out-everywhere'),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionQuery.queryKey }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api<unknown>('POST', '/me/password', { body: input }),
  });
}

/** A new TOTP secret, not active until confirmed with a code from the app. */
export interface TotpEnrolment { secret: string; otpauthUri: string; qrSvg: string }

export function useStartTotp() {
  return useMutation({ mutationFn: () => api<TotpEnrolment>('POST', '/me/totp', { body: {} }) });
}

export function useConfirmTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { totpCode: string }) => api<{ recoveryCodes: string[] }>('POST', '/me/totp/confirm', { body: input }),
    // totpEnabled and totpEnrolmentRequired change.
    onSuccess: () => client.invalidateQueries({ queryKey: sessionQuery.queryKey }),
  });
}

export function useConsumePasswordLink() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) => api<unknown>('POST', '/password-links/consume', { body: input, redirectOn401: false }),
  });
}
