import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { CARD_MODELS, CARD_STATUSES, CURRENCY_CODES, isCustomerRole } from '@cardepass/contract';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useCards, useProducts, type CardRow } from './api.ts';
import { CardStatusBadge, ModelLabel } from './card-labels.tsx';
import { cardMessages } from './messages.ts';
import { SelectField } from '../../components/select-field.tsx';

/** The API's filter names (GET /admin/v1/cards): the URL carries them, the server applies them. */
export const CARD_FILTERS = ['customerId', 'cardModel', 'status', 'productCode', 'currency', 'q'] as const;

/** /cards: every card the user may see, filtered and paged on the server; customer users see their own. */
export function CardsPage() {
  const t = useMessages(cardMessages);
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const canFund = session?.permissions.includes('cards.fund') ?? false;
  const cards = useCards(search);
  const products = useProducts();
  // A customer user's own customer is implied: the filter and column are for operators only.
  const filters = operator ? CARD_FILTERS : CARD_FILTERS.filter((name) => name !== 'customerId');

  const columns: Column<CardRow>[] = [
    { header: t('number'), cell: (c) => <Link to="/cards/$cardId" params={{ cardId: c.cardId }} className="card-number">{c.maskedCardNumber}</Link> },
    { header: t('alias'), cell: (c) => c.alias ?? '—' },
    ...(operator ? [{ header: t('customer'), cell: (c: CardRow) => <code>{c.customerId}</code> }] : []),
    { header: t('cardModel'), cell: (c) => <ModelLabel model={c.cardModel} /> },
    { header: t('productCode'), cell: (c) => c.productCode },
    { header: t('status'), cell: (c) => <CardStatusBadge status={c.status} /> },
    { header: t('balance'), numeric: true, cell: (c) => <Amount value={c.balanceAmount} currency={c.cardCurrency} /> },
    { header: t('created'), cell: (c) => <Time value={c.createdOn} /> },
  ];

  return (
    <>
      <PageHeader title={t('listTitle')} description={t('listIntro')}
        actions={canFund ? <Link to="/cards/new" className="button button-primary">{t('newCard')}</Link> : null} />
      <FilterBar filters={filters}>
        {operator ? <Field label={t('customerId')} name="customerId" defaultValue={search.customerId ?? ''} maxLength={64} /> : null}
        <SelectField label={t('cardModel')} name="cardModel" defaultValue={search.cardModel ?? ''}>
          <option value="">{t('any')}</option>
          {CARD_MODELS.map((m) => <option key={m} value={m}>{t(`model.${m}`)}</option>)}
        </SelectField>
        <SelectField label={t('status')} name="status" defaultValue={search.status ?? ''}>
          <option value="">{t('any')}</option>
          {CARD_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </SelectField>
        <SelectField label={t('productCode')} name="productCode" defaultValue={search.productCode ?? ''} key={products.data ? 'loaded' : 'loading'}>
          <option value="">{t('any')}</option>
          {(products.data ?? []).map((p) => <option key={p.productCode} value={p.productCode}>{p.productName} ({p.productCode})</option>)}
        </SelectField>
        <SelectField label={t('currency')} name="currency" defaultValue={search.currency ?? ''}>
          <option value="">{t('any')}</option>
          {CURRENCY_CODES.map((c) => <option key={c} value={c}>{c}</option>)}
        </SelectField>
        <Field label={t('search')} name="q" defaultValue={search.q ?? ''} maxLength={64} hint={t('searchHint')} />
      </FilterBar>
      <DataTable caption={t('caption')} columns={columns} query={cards} rowKey={(c) => c.cardId} empty={t('empty')} />
    </>
  );
}
