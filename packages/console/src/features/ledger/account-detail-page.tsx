import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isApiError } from '../../lib/api.ts';
import { Amount, Time, decimalsOf } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { ENTRY_FILTERS, useAccount, useAccountEntries, type LedgerAccount, type LedgerEntry } from './api.ts';
import { AccountTypeLabel } from './ledger-labels.tsx';
import { ledgerMessages } from './messages.ts';

/** /ledger/accounts/$accountId: the account's balances and its journal entries (this account's leg of each), paged on the server. */
export function AccountDetailPage() {
  const t = useMessages(ledgerMessages);
  const { accountId = '' } = useParams({ strict: false }) as { accountId?: string };
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const account = useAccount(accountId);
  const entries = useAccountEntries(accountId, search, account.isSuccess);
  const back = <Link to="/ledger">{operator ? t('back') : t('customerBack')}</Link>;

  if (account.isPending) return <Loading />;
  if (account.isError) {
    return (
      <>
        <PageHeader title={t('accountTitle', { accountId })} actions={back} />
        {isApiError(account.error, 'LEDGER_ACCOUNT_NOT_FOUND') || isApiError(account.error, 'VALIDATION_FAILED') ? <p className="state">{t('accountNotFound')}</p>
          : <ErrorState error={account.error} onRetry={() => void account.refetch()} />}
      </>
    );
  }
  const a = account.data;
  const leg = (entry: LedgerEntry) => accountLeg(entry, a);
  const columns: Column<LedgerEntry>[] = [
    { header: t('entry'), cell: (e) => <Link to="/ledger/entries/$entryId" params={{ entryId: e.entryId }}><code>{e.entryId}</code></Link> },
    { header: t('time'), cell: (e) => <Time value={e.createdOn} /> },
    { header: t('entryType'), cell: (e) => e.type },
    { header: t('orderNo'), cell: (e) => (e.orderNo ? <Link to="/orders/$orderNo" params={{ orderNo: e.orderNo }}><code>{e.orderNo}</code></Link> : '—') },
    { header: t('amount'), numeric: true, cell: (e) => { const p = leg(e); return p ? <Amount value={p.net} currency={a.currency} /> : '—'; } },
    { header: t('balanceAfter'), numeric: true, cell: (e) => { const p = leg(e); return p ? <Amount value={p.balanceAfter} currency={a.currency} /> : '—'; } },
    { header: t('reference'), cell: (e) => e.reference ?? '—' },
  ];

  return (
    <>
      <PageHeader title={t('accountTitle', { accountId: a.accountId })} actions={back} />
      <AccountFacts account={a} operator={operator} />
      <section aria-labelledby="account-entries">
        <h2 id="account-entries">{t('entriesTitle')}</h2>
        <FilterBar filters={ENTRY_FILTERS}>
          <Field label={t('entryType')} name="type" defaultValue={search.type ?? ''} maxLength={32} hint={t('entryTypeHint')} />
          <Field label={t('from')} name="from" type="date" defaultValue={search.from ?? ''} />
          <Field label={t('to')} name="to" type="date" defaultValue={search.to ?? ''} />
        </FilterBar>
        <DataTable caption={t('entriesCaption', { accountId: a.accountId })} columns={columns} query={entries} rowKey={(e) => e.entryId} empty={t('entriesEmpty')} />
      </section>
    </>
  );
}

/**
 * This account's side of an entry. An entry may post to the account more than once (a top-up debits
 * the funding account for the amount and again for the fee): the net movement, signed (credits add),
 * and the balance after the last of them. Summed in minor units so no binary fraction creeps in.
 */
function accountLeg(entry: LedgerEntry, account: LedgerAccount): { net: bigint; balanceAfter: number } | null {
  const legs = entry.postings.filter((p) => p.accountId === account.accountId);
  const last = legs.at(-1);
  if (!last) return null;
  const scale = 10 ** decimalsOf(account.currency);
  const net = legs.reduce((sum, p) => sum + BigInt(Math.round(p.amount * scale)) * (p.direction === 'Debit' ? -1n : 1n), 0n);
  return { net, balanceAfter: last.balanceAfter };
}

function AccountFacts({ account: a, operator }: { account: LedgerAccount; operator: boolean }) {
  const t = useMessages(ledgerMessages);
  return (
    <section className="panel" aria-labelledby="account-facts">
      <h2 id="account-facts" className="visually-hidden">{t('account')}</h2>
      <dl className="facts">
        <dt>{t('type')}</dt><dd><AccountTypeLabel type={a.type} /></dd>
        <dt>{t('currency')}</dt><dd>{a.currency}</dd>
        {operator ? <><dt>{t('customer')}</dt><dd><code>{a.customerId}</code></dd></> : null}
        {a.cardId ? <><dt>{t('card')}</dt><dd><Link to="/cards/$cardId" params={{ cardId: a.cardId }}><code>{a.cardId}</code></Link></dd></> : null}
        <dt>{t('ledgerBalance')}</dt><dd data-testid="account-ledger-balance"><Amount value={a.ledgerBalance} currency={a.currency} /></dd>
        <dt>{t('heldAmount')}</dt><dd><Amount value={a.heldAmount} currency={a.currency} /></dd>
        <dt>{t('availableAmount')}</dt><dd>{a.availableAmount === null ? '—' : <Amount value={a.availableAmount} currency={a.currency} />}</dd>
        <dt>{t('opened')}</dt><dd><Time value={a.createdOn} /></dd>
      </dl>
    </section>
  );
}
