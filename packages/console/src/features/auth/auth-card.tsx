import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { useT } from '../../lib/i18n.tsx';

/** The frame of the pages used before signing in: the product name, the language switch, one card. */
export function AuthCard({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="auth-card">
        <h1>{title}</h1>
        {intro ? <p className="muted">{intro}</p> : null}
        {children}
      </main>
    </div>
  );
}
