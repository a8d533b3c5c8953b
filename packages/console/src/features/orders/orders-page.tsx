import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { CARD_MODELS, ORDER_STATUSES, ORDER_TYPES, isCustomerRole } from '@cardepass/contract';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { ORDER_FILTERS, useOrders, type OrderRow } from './api.ts';
import { orderAmount, orderCurrency } from './order-fields.ts';
import { ModelLabel, OrderStatusBadge, OrderTypeLabel } from './order-labels.tsx';
import { orderMessages } from './messages.ts';

/** /orders: orders of every mode, filtered and paged on the server; a customer user sees its own (no customer filter or column). */
export function OrdersPage() {
  const t = useMessages(orderMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const orders = useOrders(search);
  const filters = operator ? ORDER_FILTERS : ORDER_FILTERS.filter((name) => name !== 'customerId');

  const columns: Column<OrderRow>[] = [
    { header: t('orderNo'), cell: (o) => <Link to="/orders/$orderNo" params={{ orderNo: o.orderNo }}><code>{o.orderNo}</code></Link> },
    { header: t('orderType'), cell: (o) => <OrderTypeLabel type={o.orderType} /> },
    { header: t('cardModel'), cell: (o) => <ModelLabel model={o.cardModel} /> },
    { header: t('status'), cell: (o) => <OrderStatusBadge status={o.status} /> },
    ...(operator ? [{ header: t('customer'), cell: (o: OrderRow) => <code>{o.customerId}</code> }] : []),
    { header: t('card'), cell: (o) => (o.cardId ? <code>{o.cardId}</code> : '—') },
    { header: t('amount'), numeric: true, cell: (o) => <OrderAmount order={o} /> },
    { header: t('created'), cell: (o) => <Time value={o.createdOn} /> },
  ];

  return (
    <>
      <PageHeader title={t('listTitle')} description={t('listIntro')} />
      <FilterBar filters={filters}>
        <SelectField label={t('cardModel')} name="cardModel" defaultValue={search.cardModel ?? ''}>
          <option value="">{t('any')}</option>
          {CARD_MODELS.map((m) => <option key={m} value={m}>{t(`model.${m}`)}</option>)}
        </SelectField>
        <SelectField label={t('orderType')} name="orderType" defaultValue={search.orderType ?? ''}>
          <option value="">{t('any')}</option>
          {ORDER_TYPES.map((type) => <option key={type} value={type}>{t(`type.${type}`)}</option>)}
        </SelectField>
        <SelectField label={t('status')} name="status" defaultValue={search.status ?? ''}>
          <option value="">{t('any')}</option>
          {ORDER_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </SelectField>
        {operator ? <Field label={t('customerId')} name="customerId" defaultValue={search.customerId ?? ''} maxLength={64} /> : null}
        <Field label={t('cardId')} name="cardId" defaultValue={search.cardId ?? ''} maxLength={64} />
        <Field label={t('from')} name="from" type="date" defaultValue={search.from ?? ''} />
        <Field label={t('to')} name="to" type="date" defaultValue={search.to ?? ''} />
      </FilterBar>
      <DataTable caption={t('caption')} columns={columns} query={orders} rowKey={(o) => o.orderNo} empty={t('empty')} />
    </>
  );
}

function OrderAmount({ order }: { order: OrderRow }) {
  const amount = orderAmount(order);
  const currency = orderCurrency(order);
  if (amount === null) return <>—</>;
  return currency ? <Amount value={amount} currency={currency} /> : <>{amount}</>;
}
