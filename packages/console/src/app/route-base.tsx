import type { FunctionComponent } from 'react';
import { Outlet, createRootRouteWithContext, createRoute, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { sessionQuery } from '../lib/session.ts';
import { AppLayout } from './layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';

export interface RouterContext { queryClient: QueryClient }

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

/**
 * Every page behind sign-in hangs under this pathless route: it asks the server who is signed in
 * (cached), sends everyone else to sign-in (coming back afterwards), and a user whose organisation
 * requires two-factor to enrolment first (the server refuses everything else to them anyway).
 */
export const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    if (session.totpEnrolmentRequired && location.pathname !== '/two-factor') throw redirect({ to: '/two-factor' });
  },
  component: AppLayout,
});

/** A page of the signed-in console: `signedInPage('cards', CardsPage)`; options take validateSearch etc. */
export function signedInPage(path: string, component: FunctionComponent, options: { validateSearch?: (raw: Record<string, unknown>) => object } = {}) {
  return createRoute({ getParentRoute: () => signedInRoute, path, component, ...options });
}

/** A page anyone may open (sign-in, a password link). */
export function publicPage(path: string, component: FunctionComponent, options: { validateSearch?: (raw: Record<string, unknown>) => object } = {}) {
  return createRoute({ getParentRoute: () => rootRoute, path, component, ...options });
}
