import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/page-header.tsx';
import { Empty } from '../../components/states.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { ApiCredentials } from './api-credentials.tsx';
import { credentialMessages } from './messages.ts';

/** /credentials: a customer user's own customer's API credentials. Operators manage them on the customer's page. */
export function CredentialsPage() {
  const t = useMessages(credentialMessages);
  const session = useQuery(sessionQuery).data;
  const customerId = session?.user.customerId ?? null;
  if (customerId) return <ApiCredentials customerId={customerId} canWrite={session?.permissions.includes('credentials.write') ?? false} layout="page" />;
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <Empty>{t('operatorsOnly')}</Empty>
    </>
  );
}
