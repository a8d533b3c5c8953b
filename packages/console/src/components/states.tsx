import type { ReactNode } from 'react';
import { ApiError, NETWORK_ERROR } from '../lib/api.ts';
import { useT } from '../lib/i18n.tsx';

/** Loading, empty and error states: deliberate blocks, announced to screen readers. */
export function Loading({ label }: { label?: string }) {
  const t = useT();
  return <div className="state state-loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />{label ?? t('state.loading')}</div>;
}

export function Empty({ children }: { children?: ReactNode }) {
  const t = useT();
  return <div className="state state-empty"><p>{children ?? t('state.empty')}</p></div>;
}

/** The server's own message (already in the user's language) and the responseId support asks for. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <div className="state state-error" role="alert">
      <h2>{t('state.error')}</h2>
      <ErrorText error={error} />
      {onRetry ? <button type="button" className="button" onClick={onRetry}>{t('state.retry')}</button> : null}
    </div>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  const t = useT();
  if (error instanceof ApiError) {
    return (
      <>
        <p>{error.errorCode === NETWORK_ERROR ? t('state.network') : error.message}</p>
        {error.responseId ? <p className="muted small">{t('state.responseId', { responseId: error.responseId })}</p> : null}
      </>
    );
  }
  return <p>{error instanceof Error ? error.message : String(error)}</p>;
}
