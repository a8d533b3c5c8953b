import { useState } from 'react';
import './secret-once.css';

export interface SecretOnceProps {
  /** Why to copy it now: it is never shown again. */
  warning: string;
  idLabel: string;
  id: string;
  secretLabel: string;
  secret: string;
  copyLabel: string;
  copiedLabel: string;
  /** data-testid of the id and the secret (browser tests read them). */
  idTestId?: string;
  secretTestId?: string;
}

/**
 * A secret shown once (an API client's secret, a webhook signing secret). It comes from a mutation's
 * answer and lives only in the state of the component that opened this (never the query cache, the URL
 * or storage): closing it forgets it, and the server keeps only a hash or a sealed copy it never shows again.
 */
export function SecretOnce({ warning, idLabel, id, secretLabel, secret, copyLabel, copiedLabel, idTestId, secretTestId }: SecretOnceProps) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // The clipboard API exists only in secure contexts (https, localhost); elsewhere the text is selectable.
    void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="secret-once" data-testid="secret-once">
      <p className="secret-warning" role="alert"><strong>{warning}</strong></p>
      <dl className="facts">
        <dt>{idLabel}</dt>
        <dd><code data-testid={idTestId}>{id}</code></dd>
        <dt>{secretLabel}</dt>
        <dd>
          <code className="secret" data-testid={secretTestId}>{secret}</code>{' '}
          <button type="button" className="button" onClick={copy}>{copied ? copiedLabel : copyLabel}</button>
        </dd>
      </dl>
    </div>
  );
}
