import { useCallback, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, NETWORK_ERROR } from '../lib/api.ts';
import { LanguageProvider } from '../lib/i18n.tsx';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will be refused again; only a network failure or 5xx is worth a retry.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.errorCode === NETWORK_ERROR || error.status >= 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
    mutations: { retry: false },
  },
});

export function Providers({ children }: { children: ReactNode }) {
  // A failed query shows the server's message in the language it was asked in: ask again in the new one.
  const refetchFailed = useCallback(() => void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' }), []);
  return (
    <QueryClientProvider client={queryClient}>
      <LanguageProvider onChange={refetchFailed}>{children}</LanguageProvider>
    </QueryClientProvider>
  );
}
