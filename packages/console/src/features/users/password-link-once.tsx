import { useState } from 'react';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { PasswordLink } from './api.ts';
import { userMessages } from './messages.ts';

/**
 * A one-time password link, shown once. The server answers a console-relative URL whose #fragment
 * holds the token; the administrator needs the whole address to hand over, so it is made absolute with
 * this console's origin. It lives only in the state of the dialog showing it (never the query cache,
 * the URL or storage): closing the dialog forgets it, and the server keeps only the token's hash.
 */
export function PasswordLinkOnce({ email, link }: { email: string; link: PasswordLink }) {
  const t = useMessages(userMessages);
  const [copied, setCopied] = useState(false);
  const url = window.location.origin + link.url;
  const copy = () => {
    // The clipboard API exists only in secure contexts (https, localhost); elsewhere the text is selectable.
    void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="link-once" data-testid="password-link-once">
      <p className="link-warning" role="alert"><strong>{t('linkWarning', { email })}</strong></p>
      <dl className="facts">
        <dt>{t('linkLabel')}</dt>
        <dd>
          <code className="link-url" data-testid="password-link">{url}</code>{' '}
          <button type="button" className="button" onClick={copy}>{copied ? t('copied') : t('copy')}</button>
        </dd>
        <dt>{t('linkExpires')}</dt>
        <dd data-testid="password-link-expires"><Time value={link.expiresOn} /></dd>
      </dl>
    </div>
  );
}
