import { Link } from '@tanstack/react-router';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { OrderDetail } from './api.ts';
import { AccountKindLabel } from './order-labels.tsx';
import { orderMessages } from './messages.ts';

/**
 * The money side of an order: the fees it charged (from the fee schedule it was accepted under) and
 * the journal entries it posted, each leg with its account and the balance after. Postings are signed
 * (positive credits the account) and sum to zero per currency.
 */
export function OrderJournal({ detail, currency }: { detail: OrderDetail; currency: string | null }) {
  const t = useMessages(orderMessages);
  const fee = (value: number) => (currency ? <Amount value={value} currency={currency} /> : <>{value}</>);
  return (
    <>
      <section className="panel" aria-labelledby="order-fees">
        <h2 id="order-fees">{t('feesTitle')}</h2>
        {detail.feeLines.length === 0 ? <p className="muted">{t('feesEmpty')}</p> : (
          <div className="table-wrap">
            <table className="table" aria-labelledby="order-fees">
              <thead><tr><th scope="col">{t('feeCode')}</th><th scope="col">{t('feeName')}</th><th scope="col" className="numeric">{t('feeAmount')}</th></tr></thead>
              <tbody>
                {detail.feeLines.map((line, index) => (
                  <tr key={`${line.feeCode}-${index}`}>
                    <td><code>{line.feeCode}</code></td><td>{line.feeName}</td><td className="numeric">{fee(line.feeAmount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="order-journal">
        <h2 id="order-journal">{t('journalTitle')}</h2>
        {detail.journalEntries.length === 0 ? <p className="muted">{t('journalEmpty')}</p> : detail.journalEntries.map((entry) => (
          <div key={entry.entryId} className="journal-entry">
            <h3><Link to="/ledger/entries/$entryId" params={{ entryId: entry.entryId }}>{t('entry', { entryId: entry.entryId })}</Link> · {entry.entryType} · <Time value={entry.createdOn} /></h3>
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t('journalCaption', { entryId: entry.entryId, entryType: entry.entryType })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('account')}</th><th scope="col">{t('card')}</th><th scope="col">{t('feeCode')}</th>
                    <th scope="col" className="numeric">{t('amount')}</th><th scope="col" className="numeric">{t('balanceAfter')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entry.postings.map((p, index) => (
                    <tr key={index}>
                      <td><AccountKindLabel kind={p.accountKind} /></td>
                      <td>{p.cardId ? <code>{p.cardId}</code> : '—'}</td>
                      <td>{p.feeCode ? <code>{p.feeCode}</code> : '—'}</td>
                      <td className="numeric"><Amount value={p.amount} currency={p.currency} /></td>
                      <td className="numeric"><Amount value={p.balanceAfter} currency={p.currency} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </section>
    </>
  );
}
