import { Link, Navigate, Outlet, useNavigate } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useSignOut } from '../features/auth/index.ts';
import { useT } from '../lib/i18n.tsx';
import { sessionQuery } from '../lib/session.ts';
import { navFor } from './nav.ts';

/** The signed-in frame: header (who, language, sign out), the navigation this role may use, the page. */
export function AppLayout() {
  const t = useT();
  const navigate = useNavigate();
  const session = useQuery(sessionQuery);
  const signOut = useSignOut();
  // The session ended while on a page (signed out everywhere, expired): back to sign-in.
  if (session.data === null) return <Navigate to="/sign-in" />;
  if (!session.data) return null;
  const { user, totpEnrolmentRequired } = session.data;
  const entries = totpEnrolmentRequired ? [] : navFor(user.role);
  return (
    <div className="app">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="app-header">
        <Link to="/" className="brand">{t('app.name')}</Link>
        <div className="header-tools">
          <LanguageSwitch />
          <span className="muted" data-testid="signed-in-user">{t('user.signedInAs', { email: user.email })}</span>
          <Link to="/account" className="header-link">{t('nav.account')}</Link>
          <Link to="/two-factor" className="header-link">{t('nav.twoFactor')}</Link>
          <button type="button" className="button" disabled={signOut.isPending}
            onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate({ to: '/sign-in' }) })}>
            {t('user.signOut')}
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label={t('nav.label')}>
          <ul>
            {entries.map((entry) => (
              <li key={entry.to}><Link to={entry.to} activeOptions={{ exact: entry.to === '/' }} activeProps={{ 'aria-current': 'page', className: 'active' }}>{t(entry.label)}</Link></li>
            ))}
          </ul>
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
