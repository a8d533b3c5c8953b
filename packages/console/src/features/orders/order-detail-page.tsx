import { Link, useParams } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isApiError } from '../../lib/api.ts';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useOrder, type OrderDetail } from './api.ts';
import { amountFieldsOf, orderCurrency, orderMaskedCard } from './order-fields.ts';
import { ModelLabel, OrderStatusBadge, OrderTypeLabel } from './order-labels.tsx';
import { OrderJournal } from './order-journal.tsx';
import { orderMessages } from './messages.ts';

/** /orders/$orderNo: the order (who asked for it, why it failed), its amounts, its fee lines and its journal postings. */
export function OrderDetailPage() {
  const t = useMessages(orderMessages);
  const { orderNo = '' } = useParams({ strict: false }) as { orderNo?: string };
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const detail = useOrder(orderNo);

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return (
      <>
        <PageHeader title={t('detailTitle', { orderNo })} actions={<Link to="/orders">{t('back')}</Link>} />
        {isApiError(detail.error, 'ORDER_NOT_FOUND') ? <p className="state">{t('notFound')}</p>
          : <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
      </>
    );
  }
  const { order } = detail.data;
  const currency = orderCurrency(order, detail.data.journalEntries);
  const masked = orderMaskedCard(order);
  return (
    <>
      <PageHeader title={t('detailTitle', { orderNo: order.orderNo })} actions={<Link to="/orders">{t('back')}</Link>} />
      <section className="panel" aria-labelledby="order-facts">
        <h2 id="order-facts">{t('factsTitle')}</h2>
        <dl className="facts">
          <dt>{t('orderNo')}</dt><dd><code>{order.orderNo}</code></dd>
          <dt>{t('orderType')}</dt><dd><OrderTypeLabel type={order.orderType} /></dd>
          <dt>{t('cardModel')}</dt><dd><ModelLabel model={order.cardModel} /></dd>
          <dt>{t('status')}</dt><dd data-testid="order-status"><OrderStatusBadge status={order.status} /></dd>
          {order.failureReason ? <><dt>{t('failureReason')}</dt><dd data-testid="order-failure">{order.failureReason}</dd></> : null}
          {operator ? <><dt>{t('customer')}</dt><dd><code>{order.customerId}</code></dd></> : null}
          <dt>{t('card')}</dt>
          <dd>{order.cardId ? <Link to="/cards/$cardId" params={{ cardId: order.cardId }}><code>{masked ?? order.cardId}</code></Link> : '—'}</dd>
          <dt>{t('requestedBy')}</dt><dd data-testid="order-requested-by">{order.requestedBy ? <code>{order.requestedBy}</code> : t('viaApi')}</dd>
          <dt>{t('customerOrderNo')}</dt><dd>{order.customerOrderNo ? <code>{order.customerOrderNo}</code> : '—'}</dd>
          <dt>{t('created')}</dt><dd><Time value={order.createdOn} /></dd>
          <dt>{t('completed')}</dt><dd><Time value={order.completedOn} /></dd>
        </dl>
      </section>
      <OrderAmounts detail={detail.data} currency={currency} />
      <OrderJournal detail={detail.data} currency={currency} />
    </>
  );
}

function OrderAmounts({ detail, currency }: { detail: OrderDetail; currency: string | null }) {
  const t = useMessages(orderMessages);
  const money = (value: number) => (currency ? <Amount value={value} currency={currency} /> : <>{value}</>);
  const amounts = amountFieldsOf(detail.order);
  if (amounts.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="order-amounts">
      <h2 id="order-amounts">{t('amountsTitle')}</h2>
      <dl className="facts">
        {amounts.map(({ field, value }) => (
          <div key={field} className="facts-row">
            <dt>{t(`field.${field}`)}</dt><dd>{value === null ? t('unlimited') : money(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
