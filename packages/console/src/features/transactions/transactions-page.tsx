import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { TRANSACTION_STATUSES, TRANSACTION_TYPES, isCustomerRole } from '@cardepass/contract';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { TRANSACTION_FILTERS, useTransactions, type TransactionRow } from './api.ts';
import { TransactionStatusBadge, TransactionTypeLabel } from './transaction-labels.tsx';
import { transactionMessages } from './messages.ts';

/** /transactions: card transactions, filtered and paged on the server; a customer user sees its own (no customer filter or column). */
export function TransactionsPage() {
  const t = useMessages(transactionMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const transactions = useTransactions(search);
  const filters = operator ? TRANSACTION_FILTERS : TRANSACTION_FILTERS.filter((name) => name !== 'customerId');

  const columns: Column<TransactionRow>[] = [
    { header: t('transaction'), cell: (x) => <Link to="/transactions/$transactionId" params={{ transactionId: x.transactionId }}><code>{x.transactionId}</code></Link> },
    { header: t('type'), cell: (x) => <TransactionTypeLabel type={x.transactionType} /> },
    { header: t('status'), cell: (x) => <TransactionStatusBadge status={x.status} /> },
    ...(operator ? [{ header: t('customer'), cell: (x: TransactionRow) => <code>{x.customerId}</code> }] : []),
    { header: t('card'), cell: (x) => <code>{x.cardId}</code> },
    { header: t('amount'), numeric: true, cell: (x) => <Amount value={x.amount} currency={x.currency} /> },
    { header: t('merchant'), cell: (x) => x.merchantName ?? '—' },
    { header: t('time'), cell: (x) => <Time value={x.transactionTime} /> },
  ];

  return (
    <>
      <PageHeader title={t('listTitle')} description={t('listIntro')} />
      <FilterBar filters={filters}>
        <SelectField label={t('type')} name="type" defaultValue={search.type ?? ''}>
          <option value="">{t('any')}</option>
          {TRANSACTION_TYPES.map((type) => <option key={type} value={type}>{t(`type.${type}`)}</option>)}
        </SelectField>
        <SelectField label={t('status')} name="status" defaultValue={search.status ?? ''}>
          <option value="">{t('any')}</option>
          {TRANSACTION_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </SelectField>
        {operator ? <Field label={t('customerId')} name="customerId" defaultValue={search.customerId ?? ''} maxLength={64} /> : null}
        <Field label={t('cardId')} name="cardId" defaultValue={search.cardId ?? ''} maxLength={64} />
        <Field label={t('from')} name="from" type="date" defaultValue={search.from ?? ''} />
        <Field label={t('to')} name="to" type="date" defaultValue={search.to ?? ''} />
      </FilterBar>
      <DataTable caption={t('caption')} columns={columns} query={transactions} rowKey={(x) => x.transactionId} empty={t('empty')} />
    </>
  );
}
