import { useState } from 'react';
import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { EVENT_TYPES, isCustomerRole } from '@cardepass/contract';
import { CustomerSelect } from '../../components/customer-select.tsx';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field, FormError } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Empty } from '../../components/states.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useEvents, useResend, type EventRow } from './api.ts';
import { EventDeliveries } from './event-deliveries.tsx';
import { webhookMessages } from './messages.ts';

/** The API's filter names (GET /admin/v1/events): the URL carries them, the server applies them. */
export const EVENT_FILTERS = ['customerId', 'EventType', 'CardId', 'DateFrom', 'DateTo'] as const;

/** /events: a customer's events, newest first, each with its deliveries and attempts; resend with webhooks.write. */
export function EventsPage() {
  const t = useMessages(webhookMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const canWrite = session?.permissions.includes('webhooks.write') ?? false;
  const ready = Boolean(session) && (!operator || Boolean(search.customerId));
  const events = useEvents(search, ready);
  const [notice, setNotice] = useState('');
  const filters = operator ? EVENT_FILTERS : EVENT_FILTERS.filter((name) => name !== 'customerId');

  const columns: Column<EventRow>[] = [
    { header: t('event'), cell: (r) => <><code>{r.event.type}</code><br /><span className="muted small">{r.event.eventId}</span></> },
    { header: t('time'), cell: (r) => <Time value={r.event.timestamp} /> },
    { header: t('card'), cell: (r) => (r.event.cardId ? <Link to="/cards/$cardId" params={{ cardId: r.event.cardId }}>{r.event.cardId}</Link> : '—') },
    { header: t('deliveries'), cell: (r) => <EventDeliveries deliveries={r.deliveries} /> },
    ...(canWrite ? [{ header: t('actions'), cell: (r: EventRow) => <ResendButton eventId={r.event.eventId} onDone={setNotice} /> }] : []),
  ];
  return (
    <>
      <PageHeader title={t('eventsTitle')} description={t('eventsIntro')}
        actions={<Link to="/webhooks" search={search.customerId ? { customerId: search.customerId } : {}} className="button">{t('viewEndpoints')}</Link>} />
      <FilterBar filters={filters}>
        {operator ? <CustomerSelect value={search.customerId as string | undefined} emptyLabel={t('chooseCustomer')} /> : null}
        <SelectField label={t('eventType')} name="EventType" defaultValue={search.EventType ?? ''}>
          <option value="">{t('any')}</option>
          {EVENT_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
        </SelectField>
        <Field label={t('cardId')} name="CardId" defaultValue={search.CardId ?? ''} maxLength={64} />
        <Field label={t('dateFrom')} name="DateFrom" type="date" defaultValue={search.DateFrom ?? ''} />
        <Field label={t('dateTo')} name="DateTo" type="date" defaultValue={search.DateTo ?? ''} />
      </FilterBar>
      <p className="success" role="status">{notice}</p>
      {ready ? <DataTable caption={t('eventsCaption')} columns={columns} query={events} rowKey={(r) => r.event.eventId} empty={t('eventsEmpty')} />
        : <Empty>{t('pickFirstEvents')}</Empty>}
    </>
  );
}

function ResendButton({ eventId, onDone }: { eventId: string; onDone: (message: string) => void }) {
  const t = useMessages(webhookMessages);
  const resend = useResend(eventId);
  return (
    <>
      <button type="button" className="button" aria-label={`${t('resend')} ${eventId}`} disabled={resend.isPending}
        onClick={() => resend.mutate(undefined, { onSuccess: ({ queued }) => onDone(t('resent', { eventId, queued })) })}>{t('resend')}</button>
      <FormError error={resend.error} />
    </>
  );
}
