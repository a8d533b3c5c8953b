import { SecretOnce as SecretShownOnce } from '../../components/secret-once.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { NewCredentials } from './api.ts';
import { customerMessages } from './messages.ts';

/** A new API client's id and secret, shown once (components/secret-once.tsx says why and how). */
export function SecretOnce({ credentials }: { credentials: NewCredentials }) {
  const t = useMessages(customerMessages);
  return (
    <SecretShownOnce warning={t('secretWarning')} idLabel={t('clientId')} id={credentials.clientId} secretLabel={t('clientSecret')}
      secret={credentials.clientSecret} copyLabel={t('copy')} copiedLabel={t('copied')} idTestId="client-id" secretTestId="client-secret" />
  );
}
