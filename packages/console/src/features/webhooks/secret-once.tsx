import { SecretOnce as SecretShownOnce } from '../../components/secret-once.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { webhookMessages } from './messages.ts';

/** A webhook endpoint's signing secret, shown once (components/secret-once.tsx says why and how). */
export function SecretOnce({ endpointId, secret }: { endpointId: string; secret: string }) {
  const t = useMessages(webhookMessages);
  return (
    <SecretShownOnce warning={t('secretWarning')} idLabel={t('endpoint')} id={endpointId} secretLabel={t('secret')}
      secret={secret} copyLabel={t('copy')} copiedLabel={t('copied')} secretTestId="webhook-secret" />
  );
}
