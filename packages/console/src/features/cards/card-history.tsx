import type { ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { Badge } from '../../components/badge.tsx';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { CardDetail } from './api.ts';
import { OrderStatusBadge } from './card-labels.tsx';
import { cardMessages } from './messages.ts';

/**
 * The card's latest orders, transactions and events (the API sends 50 of each, newest first). Orders
 * and transactions link to their own pages (another area of the console), by path.
 */
export function CardHistory({ detail }: { detail: CardDetail }) {
  const t = useMessages(cardMessages);
  return (
    <>
      <HistorySection id="card-orders" title={t('ordersTitle')} empty={t('ordersEmpty')} count={detail.orders.length}
        headers={[t('orderNo'), t('orderType'), t('status'), t('created'), t('failureReason')]}>
        {detail.orders.map((o) => (
          <tr key={o.orderNo}>
            <td><Link to="/orders/$orderNo" params={{ orderNo: o.orderNo }}><code>{o.orderNo}</code></Link></td>
            <td>{o.orderType}</td>
            <td><OrderStatusBadge status={o.status} /></td>
            <td><Time value={o.createdOn} /></td>
            <td>{o.failureReason || '—'}</td>
          </tr>
        ))}
      </HistorySection>
      <HistorySection id="card-transactions" title={t('transactionsTitle')} empty={t('transactionsEmpty')} count={detail.transactions.length}
        headers={[t('transaction'), t('orderType'), t('status'), t('amount'), t('merchant'), t('time')]} numericColumn={3}>
        {detail.transactions.map((x) => (
          <tr key={x.transactionId}>
            <td><Link to="/transactions/$transactionId" params={{ transactionId: x.transactionId }}><code>{x.transactionId}</code></Link></td>
            <td>{x.transactionType}</td>
            <td><Badge>{x.status}</Badge></td>
            <td className="numeric"><Amount value={x.amount} currency={x.currency} /></td>
            <td>{x.merchantName ?? '—'}</td>
            <td><Time value={x.transactionTime} /></td>
          </tr>
        ))}
      </HistorySection>
      <HistorySection id="card-events" title={t('eventsTitle')} empty={t('eventsEmpty')} count={detail.events.length}
        headers={[t('event'), t('orderType'), t('sequence'), t('time')]}>
        {detail.events.map((e) => (
          <tr key={e.eventId}>
            <td><code>{e.eventId}</code></td>
            <td>{e.type}</td>
            <td className="numeric">{e.sequence}</td>
            <td><Time value={e.timestamp} /></td>
          </tr>
        ))}
      </HistorySection>
    </>
  );
}

function HistorySection({ id, title, empty, count, headers, numericColumn, children }: {
  id: string; title: string; empty: string; count: number; headers: string[]; numericColumn?: number; children: ReactNode;
}) {
  return (
    <section className="panel card-history" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {count === 0 ? <p className="muted">{empty}</p> : (
        <div className="table-wrap">
          <table className="table" aria-labelledby={id}>
            <thead><tr>{headers.map((h, i) => <th key={h + i} scope="col" className={i === numericColumn ? 'numeric' : undefined}>{h}</th>)}</tr></thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
