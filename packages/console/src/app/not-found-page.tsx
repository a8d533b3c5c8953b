import { Link } from '@tanstack/react-router';
import { useT } from '../lib/i18n.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <main id="main" className="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to="/" className="button button-primary">{t('notFound.home')}</Link>
    </main>
  );
}
