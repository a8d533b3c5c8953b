import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { CURRENCY_CODES, isCustomerRole } from '@cardepass/contract';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { ACCOUNT_FILTERS, ACCOUNT_TYPES, CUSTOMER_ACCOUNT_TYPES, useAccounts, type LedgerAccount } from './api.ts';
import { AccountTypeLabel } from './ledger-labels.tsx';
import { ledgerMessages } from './messages.ts';
import { VerifyLedger } from './verify-ledger.tsx';

/**
 * /ledger: the ledger's accounts with their balances, filtered and paged on the server. Operators see
 * every account (the platform's side too) and may verify the ledger; a customer user sees its own
 * funding and card accounts: the same page, titled for what it is to them.
 */
export function LedgerPage() {
  const t = useMessages(ledgerMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const canVerify = session?.permissions.includes('ledger.verify') ?? false;
  const accounts = useAccounts(search);
  const filters = operator ? ACCOUNT_FILTERS : ACCOUNT_FILTERS.filter((name) => name !== 'customerId');
  const types = operator ? ACCOUNT_TYPES : CUSTOMER_ACCOUNT_TYPES;

  const columns: Column<LedgerAccount>[] = [
    { header: t('account'), cell: (a) => <Link to="/ledger/accounts/$accountId" params={{ accountId: a.accountId }}><code>{a.accountId}</code></Link> },
    { header: t('type'), cell: (a) => <AccountTypeLabel type={a.type} /> },
    { header: t('currency'), cell: (a) => a.currency },
    ...(operator ? [{ header: t('customer'), cell: (a: LedgerAccount) => <code>{a.customerId}</code> }] : []),
    { header: t('card'), cell: (a) => (a.cardId ? <code>{a.cardId}</code> : '—') },
    { header: t('ledgerBalance'), numeric: true, cell: (a) => <Amount value={a.ledgerBalance} currency={a.currency} /> },
    { header: t('heldAmount'), numeric: true, cell: (a) => <Amount value={a.heldAmount} currency={a.currency} /> },
    { header: t('availableAmount'), numeric: true, cell: (a) => (a.availableAmount === null ? '—' : <Amount value={a.availableAmount} currency={a.currency} />) },
    { header: t('opened'), cell: (a) => <Time value={a.createdOn} /> },
  ];

  return (
    <>
      <PageHeader title={operator ? t('title') : t('customerTitle')} description={operator ? t('intro') : t('customerIntro')} />
      {canVerify ? <VerifyLedger /> : null}
      <FilterBar filters={filters}>
        {operator ? <Field label={t('customerId')} name="customerId" defaultValue={search.customerId ?? ''} maxLength={64} /> : null}
        <SelectField label={t('currency')} name="currency" defaultValue={search.currency ?? ''}>
          <option value="">{t('any')}</option>
          {CURRENCY_CODES.map((c) => <option key={c} value={c}>{c}</option>)}
        </SelectField>
        <SelectField label={t('type')} name="type" defaultValue={search.type ?? ''}>
          <option value="">{t('any')}</option>
          {types.map((type) => <option key={type} value={type}>{t(`accountType.${type}`)}</option>)}
        </SelectField>
      </FilterBar>
      <DataTable caption={t('caption')} columns={columns} query={accounts} rowKey={(a) => a.accountId} empty={t('empty')} />
    </>
  );
}
