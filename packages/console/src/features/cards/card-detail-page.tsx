import { useState } from 'react';
import { Link, useParams } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole, type Permission } from '@cardepass/contract';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isApiError } from '../../lib/api.ts';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useCard, type CardAction, type CardRow, type PlacedOrder } from './api.ts';
import { CardActionDialog } from './card-action-dialog.tsx';
import { CardHistory } from './card-history.tsx';
import { CardStatusBadge, ModelLabel, OrderResult } from './card-labels.tsx';
import { cardMessages } from './messages.ts';
import { RevealDialog } from './reveal-dialog.tsx';

/** The orders a card can take in its mode and status, and the permission each needs (the server checks both again). */
function actionsFor(card: CardRow): Array<{ action: CardAction; permission: Permission }> {
  const live = card.status === 'Active' || card.status === 'Blocked';
  const list: Array<{ action: CardAction; permission: Permission; when: boolean }> = [
    { action: 'topup', permission: 'cards.fund', when: card.cardModel === 'Standard' && card.status === 'Active' },
    { action: 'withdraw', permission: 'cards.fund', when: card.cardModel === 'Standard' && card.status === 'Active' },
    { action: 'limits', permission: 'cards.manage', when: card.cardModel === 'ShareBalance' && live },
    { action: 'block', permission: 'cards.manage', when: card.status === 'Active' },
    { action: 'unblock', permission: 'cards.manage', when: card.status === 'Blocked' },
    { action: 'cancel', permission: 'cards.fund', when: live },
  ];
  return list.filter((entry) => entry.when);
}

/** /cards/$cardId: the card (masked), its balance and limits, its latest history, and the actions the user's role allows. */
export function CardDetailPage() {
  const t = useMessages(cardMessages);
  const { cardId = '' } = useParams({ strict: false }) as { cardId?: string };
  const session = useQuery(sessionQuery).data;
  const detail = useCard(cardId);
  const [open, setOpen] = useState<CardAction | 'reveal' | null>(null);
  const [lastOrder, setLastOrder] = useState<PlacedOrder | null>(null);
  const can = (permission: Permission) => session?.permissions.includes(permission) ?? false;

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return (
      <>
        <PageHeader title={t('card')} actions={<Link to="/cards">{t('back')}</Link>} />
        {isApiError(detail.error, 'CARD_NOT_FOUND') ? <p className="state">{t('notFound')}</p>
          : <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
      </>
    );
  }
  const { card } = detail.data;
  const currency = card.cardCurrency;
  const actions = actionsFor(card).filter((entry) => can(entry.permission));
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const limit = (value: number | null, unlimited = false) =>
    value === null ? (unlimited ? t('unlimited') : t('none')) : <Amount value={value} currency={currency} />;

  return (
    <>
      <PageHeader title={t('detailTitle', { number: card.maskedCardNumber })} description={card.alias ?? undefined}
        actions={<Link to="/cards">{t('back')}</Link>} />
      {lastOrder ? <OrderResult order={lastOrder} /> : null}
      <section className="panel" aria-labelledby="card-facts">
        <h2 id="card-facts" className="visually-hidden">{t('card')}</h2>
        <dl className="facts">
          <dt>{t('number')}</dt><dd><code className="pan">{card.maskedCardNumber}</code></dd>
          <dt>{t('status')}</dt><dd><CardStatusBadge status={card.status} /></dd>
          <dt>{t('cardModel')}</dt><dd><ModelLabel model={card.cardModel} /></dd>
          <dt>{t('productCode')}</dt><dd>{card.productCode}</dd>
          <dt>{t('currency')}</dt><dd>{currency}</dd>
          <dt>{t('organization')}</dt><dd>{card.cardOrganization}</dd>
          <dt>{t('balance')}</dt><dd data-testid="card-balance"><Amount value={card.balanceAmount} currency={currency} /></dd>
          {card.cardModel === 'ShareBalance' ? (
            <>
              <dt>{t('maxAuthAmount')}</dt><dd>{limit(card.maxAuthAmount)}</dd>
              <dt>{t('usedCreditAmount')}</dt><dd>{limit(card.usedCreditAmount)}</dd>
              <dt>{t('maxCreditAmount')}</dt><dd>{limit(card.maxCreditAmount, true)}</dd>
            </>
          ) : null}
          <dt>{t('created')}</dt><dd><Time value={card.createdOn} /></dd>
          <dt>{t('expiry')}</dt><dd>{card.expirationMMYY}</dd>
          <dt>{t('cardId')}</dt><dd><code>{card.cardId}</code></dd>
          {operator ? <><dt>{t('customer')}</dt><dd><code>{card.customerId}</code></dd></> : null}
        </dl>
      </section>
      {actions.length || can('cards.reveal') ? (
        <section className="panel" aria-labelledby="card-actions">
          <h2 id="card-actions">{t('actionsTitle')}</h2>
          <div className="card-actions">
            {actions.map(({ action }) => (
              <button key={action} type="button" className={`button${action === 'cancel' ? ' button-danger' : ''}`} onClick={() => setOpen(action)}>{t(action)}</button>
            ))}
            {can('cards.reveal') ? <button type="button" className="button" onClick={() => setOpen('reveal')}>{t('reveal')}</button> : null}
          </div>
        </section>
      ) : null}
      <CardHistory detail={detail.data} />
      {open === 'reveal' ? <RevealDialog cardId={card.cardId} onClose={() => setOpen(null)} /> : null}
      {open && open !== 'reveal' ? (
        <CardActionDialog card={card} action={open} onClose={() => setOpen(null)} onDone={setLastOrder} />
      ) : null}
    </>
  );
}
