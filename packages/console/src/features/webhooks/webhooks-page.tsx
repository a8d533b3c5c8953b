import { useState } from 'react';
import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { Badge } from '../../components/badge.tsx';
import { CustomerSelect } from '../../components/customer-select.tsx';
import { FilterBar, type ListSearch } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useEndpoints, type Endpoint } from './api.ts';
import { EndpointActions } from './endpoint-actions.tsx';
import { CreateEndpointDialog } from './endpoint-form-dialog.tsx';
import { webhookMessages } from './messages.ts';

/** /webhooks: one customer's endpoints (operators choose the customer; customer users see their own). */
export function WebhooksPage() {
  const t = useMessages(webhookMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const canWrite = session?.permissions.includes('webhooks.write') ?? false;
  const customerId = operator ? (search.customerId as string | undefined) : undefined;
  const ready = Boolean(session) && (!operator || Boolean(customerId));
  const endpoints = useEndpoints(customerId, ready);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');

  return (
    <>
      <PageHeader title={t('title')} description={t('intro')}
        actions={<>
          <Link to="/events" search={customerId ? { customerId } : {}} className="button">{t('viewEvents')}</Link>
          {canWrite && ready ? <button type="button" className="button button-primary" onClick={() => setCreating(true)}>{t('newEndpoint')}</button> : null}
        </>} />
      {operator ? (
        <FilterBar filters={['customerId']}>
          <CustomerSelect value={customerId} emptyLabel={t('chooseCustomer')} />
        </FilterBar>
      ) : null}
      <p className="success" role="status" data-testid="webhook-notice">{notice}</p>
      {!ready ? <Empty>{t('pickFirst')}</Empty> : <EndpointTable endpoints={endpoints} canWrite={canWrite} onDone={setNotice} />}
      {creating ? <CreateEndpointDialog customerId={customerId} onClose={() => setCreating(false)} /> : null}
    </>
  );
}

function EndpointTable({ endpoints, canWrite, onDone }: { endpoints: ReturnType<typeof useEndpoints>; canWrite: boolean; onDone: (message: string) => void }) {
  const t = useMessages(webhookMessages);
  if (endpoints.isPending) return <Loading />;
  if (endpoints.isError) return <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />;
  if (endpoints.data.length === 0) return <Empty>{t('empty')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table wh-endpoints">
        <caption className="visually-hidden">{t('caption')}</caption>
        <thead><tr>
          <th scope="col">{t('url')}</th><th scope="col">{t('eventTypes')}</th><th scope="col">{t('description')}</th>
          <th scope="col">{t('status')}</th><th scope="col">{t('created')}</th>{canWrite ? <th scope="col">{t('actions')}</th> : null}
        </tr></thead>
        <tbody>
          {endpoints.data.map((e: Endpoint) => (
            <tr key={e.endpointId} data-endpoint-id={e.endpointId}>
              <td><code className="wh-url">{e.url}</code><br /><span className="muted small">{e.endpointId}</span></td>
              <td>{e.eventTypes ? e.eventTypes.join(', ') : t('allTypes')}</td>
              <td>{e.description ?? '—'}</td>
              <td><Badge tone={e.status === 'Enabled' ? 'good' : 'bad'}>{t(`status.${e.status}`)}</Badge>
                {e.disabledReason ? <p className="muted small">{t('disabledReason', { reason: e.disabledReason })}</p> : null}</td>
              <td><Time value={e.createdOn} /></td>
              {canWrite ? <td><EndpointActions endpoint={e} onDone={onDone} /></td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
