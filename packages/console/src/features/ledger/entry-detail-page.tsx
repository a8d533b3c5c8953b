import { Link, useParams } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isApiError } from '../../lib/api.ts';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useEntry } from './api.ts';
import { AccountTypeLabel } from './ledger-labels.tsx';
import { ledgerMessages } from './messages.ts';

/** /ledger/entries/$entryId: one journal entry, what caused it, and each of its postings with the account's balance after. */
export function EntryDetailPage() {
  const t = useMessages(ledgerMessages);
  const { entryId = '' } = useParams({ strict: false }) as { entryId?: string };
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const entry = useEntry(entryId);
  const back = <Link to="/ledger">{operator ? t('back') : t('customerBack')}</Link>;

  if (entry.isPending) return <Loading />;
  if (entry.isError) {
    return (
      <>
        <PageHeader title={t('entryTitle', { entryId })} actions={back} />
        {isApiError(entry.error, 'LEDGER_ENTRY_NOT_FOUND') || isApiError(entry.error, 'VALIDATION_FAILED') ? <p className="state">{t('entryNotFound')}</p>
          : <ErrorState error={entry.error} onRetry={() => void entry.refetch()} />}
      </>
    );
  }
  const e = entry.data;
  return (
    <>
      <PageHeader title={t('entryTitle', { entryId: e.entryId })} actions={back} />
      <section className="panel" aria-labelledby="entry-facts">
        <h2 id="entry-facts" className="visually-hidden">{t('entryFacts')}</h2>
        <dl className="facts">
          <dt>{t('entryType')}</dt><dd>{e.type}</dd>
          <dt>{t('time')}</dt><dd><Time value={e.createdOn} /></dd>
          {operator ? <><dt>{t('customer')}</dt><dd><code>{e.customerId}</code></dd></> : null}
          <dt>{t('orderNo')}</dt><dd>{e.orderNo ? <Link to="/orders/$orderNo" params={{ orderNo: e.orderNo }}><code>{e.orderNo}</code></Link> : '—'}</dd>
          <dt>{t('reference')}</dt><dd>{e.reference ?? '—'}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="entry-postings">
        <h2 id="entry-postings">{t('postingsTitle')}</h2>
        <p className="muted">{operator ? t('postingsIntro') : t('customerPostingsIntro')}</p>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('postingsCaption', { entryId: e.entryId })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account')}</th><th scope="col">{t('type')}</th><th scope="col">{t('card')}</th>
                <th scope="col">{t('direction')}</th><th scope="col" className="numeric">{t('amount')}</th>
                <th scope="col" className="numeric">{t('balanceAfter')}</th><th scope="col">{t('feeCode')}</th>
              </tr>
            </thead>
            <tbody>
              {e.postings.map((p) => (
                <tr key={p.postingId}>
                  <td><Link to="/ledger/accounts/$accountId" params={{ accountId: p.accountId }}><code>{p.accountId}</code></Link></td>
                  <td><AccountTypeLabel type={p.accountType} /></td>
                  <td>{p.cardId ? <code>{p.cardId}</code> : '—'}</td>
                  <td>{t(`direction.${p.direction}`)}</td>
                  <td className="numeric"><Amount value={p.amount} currency={p.currency} /></td>
                  <td className="numeric"><Amount value={p.balanceAfter} currency={p.currency} /></td>
                  <td>{p.feeCode ? <code>{p.feeCode}</code> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
