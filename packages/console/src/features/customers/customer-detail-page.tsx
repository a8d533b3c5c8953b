import { useState } from 'react';
import { Link, useParams } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import type { Permission } from '@cardepass/contract';
import { Badge } from '../../components/badge.tsx';
import { Field, FormError, SubmitButton, onSubmitOnce } from '../../components/form.tsx';
import { ConfirmModal } from '../../components/modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isApiError } from '../../lib/api.ts';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { ApiCredentials } from '../credentials/index.ts';
import { useCustomer, useSetCustomerStatus, useUpdateCustomer, type CustomerDetail } from './api.ts';
import { CustomerEntitlements } from './customer-entitlements.tsx';
import { CustomerMoney } from './customer-money.tsx';
import { CustomerSummary } from './customer-summary.tsx';
import { CustomerUsers } from './customer-users.tsx';
import { customerMessages } from './messages.ts';

/**
 * /customers/$customerId: settings, balances and counts, users, API credentials, product
 * entitlements, and the money forms; each section and button only for the roles that may use it
 * (the server checks every request again).
 */
export function CustomerDetailPage() {
  const t = useMessages(customerMessages);
  const { customerId = '' } = useParams({ strict: false }) as { customerId?: string };
  const session = useQuery(sessionQuery).data;
  const detail = useCustomer(customerId);
  const can = (permission: Permission) => session?.permissions.includes(permission) ?? false;

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return (
      <>
        <PageHeader title={t('customer')} actions={<Link to="/customers">{t('back')}</Link>} />
        {isApiError(detail.error, 'CUSTOMER_NOT_FOUND') ? <p className="state">{t('notFound')}</p>
          : <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
      </>
    );
  }
  const customer = detail.data;
  return (
    <>
      <PageHeader title={customer.name} description={<code>{customer.customerId}</code>} actions={<Link to="/customers">{t('back')}</Link>} />
      <CustomerSettings customer={customer} canWrite={can('customers.write')} />
      <CustomerSummary customer={customer} />
      {can('users.read') ? <CustomerUsers customerId={customerId} /> : null}
      {can('credentials.read') ? <ApiCredentials customerId={customerId} canWrite={can('credentials.write')} layout="panel" /> : null}
      {can('products.read') ? <CustomerEntitlements customerId={customerId} canWrite={can('customers.write')} /> : null}
      {can('money.deposit') ? <CustomerMoney customerId={customerId} /> : null}
    </>
  );
}

/** Status, access and two-factor rule; with customers.write the two-factor switch and disable/enable (confirmed). */
function CustomerSettings({ customer, canWrite }: { customer: CustomerDetail; canWrite: boolean }) {
  const t = useMessages(customerMessages);
  const update = useUpdateCustomer(customer.customerId);
  const status = useSetCustomerStatus(customer.customerId);
  const [confirming, setConfirming] = useState(false);
  // The switch shows the choice at once; it goes back if the server refuses it.
  const [requireTotp, setRequireTotp] = useState(customer.requireTotp);
  const active = customer.status === 'Active';
  const [nameError, setNameError] = useState<string | undefined>();
  const rename = onSubmitOnce(update.isPending, (values) => {
    const name = values.name?.trim() ?? '';
    setNameError(name ? undefined : t('nameRequired'));
    if (name && name !== customer.name) update.mutate({ name });
  });
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings')}</h2>
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd data-testid="customer-status"><Badge tone={active ? 'good' : 'bad'}>{t(`status.${customer.status}`)}</Badge></dd>
        <dt>{t('created')}</dt><dd><Time value={customer.createdOn} /></dd>
        <dt>{t('productAccess')}</dt><dd>{t(`access.${customer.productAccess}`)}</dd>
        <dt>{t('requireTotp')}</dt><dd>{customer.requireTotp ? t('required') : t('notRequired')}</dd>
      </dl>
      {canWrite ? (
        <form noValidate onSubmit={rename} className="panel-actions rename-form">
          <Field label={t('name')} name="name" required maxLength={128} defaultValue={customer.name} autoComplete="off" error={nameError} />
          <SubmitButton pending={update.isPending}>{t('rename')}</SubmitButton>
        </form>
      ) : null}
      {canWrite ? (
        <div className="panel-actions">
          <label className="check">
            <input type="checkbox" checked={requireTotp} disabled={update.isPending} onChange={(e) => {
              const wanted = e.target.checked;
              setRequireTotp(wanted);
              update.mutate({ requireTotp: wanted }, { onError: () => setRequireTotp(!wanted) });
            }} />
            {t('requireTotpLabel')}
          </label>
          <button type="button" className={active ? 'button button-danger' : 'button'} onClick={() => { status.reset(); setConfirming(true); }}>
            {t(active ? 'disable' : 'enable')}
          </button>
        </div>
      ) : null}
      <FormError error={update.error} />
      {confirming ? <ConfirmModal title={t(active ? 'disable' : 'enable')} confirmLabel={t(active ? 'disable' : 'enable')}
        pending={status.isPending} error={status.error} onCancel={() => setConfirming(false)}
        onConfirm={() => status.mutate(active ? 'disable' : 'enable', { onSuccess: () => setConfirming(false) })}>
        <p>{t(active ? 'disableConfirm' : 'enableConfirm')}</p>
      </ConfirmModal> : null}
    </section>
  );
}
