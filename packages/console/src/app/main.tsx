import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createRouter } from '@tanstack/react-router';
import { whenSessionGone } from '../lib/api.ts';
import { sessionQuery } from '../lib/session.ts';
import { Providers, queryClient } from './providers.tsx';
import { routeTree } from './routes.tsx';
import '../styles.css';

const router = createRouter({ routeTree, basepath: '/console', context: { queryClient }, defaultPreload: false, scrollRestoration: true });

// The server said the session is gone (expired, signed out elsewhere): sign in again, then come back.
whenSessionGone(() => {
  queryClient.setQueryData(sessionQuery.queryKey, null);
  const here = router.state.location.href;
  if (router.state.location.pathname !== '/sign-in') void router.navigate({ to: '/sign-in', search: { redirect: here } as never });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
