import { useState } from 'react';
import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../components/badge.tsx';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useCustomers, type Customer } from './api.ts';
import { customerMessages } from './messages.ts';
import { NewCustomerDialog } from './new-customer-dialog.tsx';

/** The API's filter names (GET /admin/v1/customers): the URL carries them, the server applies them. */
export const CUSTOMER_FILTERS = ['q', 'status'] as const;

/** /customers: every customer, searched and paged on the server; "New customer" for those who may create one. */
export function CustomersPage() {
  const t = useMessages(customerMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const canWrite = session?.permissions.includes('customers.write') ?? false;
  const customers = useCustomers(search);
  const [creating, setCreating] = useState(false);

  const columns: Column<Customer>[] = [
    { header: t('name'), cell: (c) => <Link to="/customers/$customerId" params={{ customerId: c.customerId }}>{c.name}</Link> },
    { header: t('customerId'), cell: (c) => <code>{c.customerId}</code> },
    { header: t('status'), cell: (c) => <Badge tone={c.status === 'Active' ? 'good' : 'bad'}>{t(`status.${c.status}`)}</Badge> },
    { header: t('created'), cell: (c) => <Time value={c.createdOn} /> },
  ];

  return (
    <>
      <PageHeader title={t('listTitle')} description={t('listIntro')}
        actions={canWrite ? <button type="button" className="button button-primary" onClick={() => setCreating(true)}>{t('newCustomer')}</button> : null} />
      <FilterBar filters={CUSTOMER_FILTERS}>
        <Field label={t('search')} name="q" defaultValue={search.q ?? ''} maxLength={100} hint={t('searchHint')} />
        <SelectField label={t('status')} name="status" defaultValue={search.status ?? ''}>
          <option value="">{t('any')}</option>
          <option value="Active">{t('status.Active')}</option>
          <option value="Disabled">{t('status.Disabled')}</option>
        </SelectField>
      </FilterBar>
      <DataTable caption={t('caption')} columns={columns} query={customers} rowKey={(c) => c.customerId} empty={t('empty')} />
      {creating ? <NewCustomerDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}
