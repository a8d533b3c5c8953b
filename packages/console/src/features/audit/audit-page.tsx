import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { CustomerSelect } from '../../components/customer-select.tsx';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useAuditLog, type AuditEntry } from './api.ts';
import { auditMessages } from './messages.ts';
import { VerifyChain } from './verify-chain.tsx';

/** The API's filter names (GET /admin/v1/audit): the URL carries them, the server applies them. */
export const AUDIT_FILTERS = ['actorId', 'actorType', 'action', 'targetType', 'targetId', 'customerId', 'from', 'to'] as const;
const ACTOR_TYPES = ['user', 'admin_key', 'api_client', 'system'] as const;
const isActorType = (type: string): type is (typeof ACTOR_TYPES)[number] => (ACTOR_TYPES as readonly string[]).includes(type);

/** /audit: the audit log, newest first, filtered and paged on the server (a customer admin: its customer's rows). */
export function AuditPage() {
  const t = useMessages(auditMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const canVerify = session?.permissions.includes('audit.verify') ?? false;
  const log = useAuditLog(search);
  const filters = operator ? AUDIT_FILTERS : AUDIT_FILTERS.filter((name) => name !== 'customerId');

  const columns: Column<AuditEntry>[] = [
    { header: t('seq'), numeric: true, cell: (e) => <Link to="/audit/$auditId" params={{ auditId: e.auditId }} aria-label={t('open', { seq: e.seq })}>{e.seq}</Link> },
    { header: t('at'), cell: (e) => <Time value={e.at} /> },
    { header: t('actor'), cell: (e) => <>{e.actorLabel ?? e.actorId}<br /><span className="muted small">{isActorType(e.actorType) ? t(`actor.${e.actorType}`) : e.actorType}</span></> },
    { header: t('action'), cell: (e) => <code>{e.action}</code> },
    { header: t('target'), cell: (e) => <>{e.targetType}{e.targetId ? <><br /><code className="small">{e.targetId}</code></> : null}</> },
    ...(operator ? [{ header: t('customer'), cell: (e: AuditEntry) => (e.customerId ? <code>{e.customerId}</code> : '—') }] : []),
  ];
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} actions={canVerify ? <VerifyChain /> : null} />
      <FilterBar filters={filters}>
        {operator ? <CustomerSelect value={search.customerId as string | undefined} emptyLabel={t('allCustomers')} /> : null}
        <Field label={t('actorId')} name="actorId" defaultValue={search.actorId ?? ''} maxLength={64} />
        <SelectField label={t('actorType')} name="actorType" defaultValue={search.actorType ?? ''}>
          <option value="">{t('any')}</option>
          {ACTOR_TYPES.map((type) => <option key={type} value={type}>{t(`actor.${type}`)}</option>)}
        </SelectField>
        <Field label={t('action')} name="action" defaultValue={search.action ?? ''} maxLength={64} hint={t('actionHint')} />
        <Field label={t('targetType')} name="targetType" defaultValue={search.targetType ?? ''} maxLength={64} />
        <Field label={t('targetId')} name="targetId" defaultValue={search.targetId ?? ''} maxLength={64} />
        <Field label={t('from')} name="from" type="date" defaultValue={search.from ?? ''} />
        <Field label={t('to')} name="to" type="date" defaultValue={search.to ?? ''} />
      </FilterBar>
      <DataTable caption={t('caption')} columns={columns} query={log} rowKey={(e) => e.auditId} empty={t('empty')} />
    </>
  );
}
