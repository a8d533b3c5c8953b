import { Link, useParams } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isApiError } from '../../lib/api.ts';
import { Amount, Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useTransaction, type TransactionRow } from './api.ts';
import { AuthorizationTimeline } from './authorization-timeline.tsx';
import { TransactionStatusBadge, TransactionTypeLabel } from './transaction-labels.tsx';
import { transactionMessages } from './messages.ts';

/** /transactions/$transactionId: the transaction, its authorization's totals, and the authorization's life as a timeline. */
export function TransactionDetailPage() {
  const t = useMessages(transactionMessages);
  const { transactionId = '' } = useParams({ strict: false }) as { transactionId?: string };
  const detail = useTransaction(transactionId);

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return (
      <>
        <PageHeader title={t('detailTitle', { transactionId })} actions={<Link to="/transactions">{t('back')}</Link>} />
        {isApiError(detail.error, 'TRANSACTION_NOT_FOUND') ? <p className="state">{t('notFound')}</p>
          : <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
      </>
    );
  }
  const { transaction, authorization } = detail.data;
  return (
    <>
      <PageHeader title={t('detailTitle', { transactionId: transaction.transactionId })} actions={<Link to="/transactions">{t('back')}</Link>} />
      <TransactionFacts transaction={transaction} />
      {authorization ? <AuthorizationSummary authorization={authorization} /> : null}
      <AuthorizationTimeline detail={detail.data} />
    </>
  );
}

function TransactionFacts({ transaction: x }: { transaction: TransactionRow }) {
  const t = useMessages(transactionMessages);
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  return (
    <section className="panel" aria-labelledby="transaction-facts">
      <h2 id="transaction-facts">{t('factsTitle')}</h2>
      <dl className="facts">
        <dt>{t('type')}</dt><dd><TransactionTypeLabel type={x.transactionType} /></dd>
        <dt>{t('status')}</dt><dd data-testid="transaction-status"><TransactionStatusBadge status={x.status} /></dd>
        <dt>{t('amount')}</dt><dd><Amount value={x.amount} currency={x.currency} /></dd>
        <dt>{t('billing')}</dt><dd><Amount value={x.billingAmount} currency={x.billingCurrency} /></dd>
        <dt>{t('card')}</dt><dd><Link to="/cards/$cardId" params={{ cardId: x.cardId }}><code>{x.cardId}</code></Link></dd>
        {operator ? <><dt>{t('customer')}</dt><dd><code>{x.customerId}</code></dd></> : null}
        <dt>{t('merchant')}</dt><dd>{x.merchantName ?? '—'}</dd>
        <dt>{t('mcc')}</dt><dd>{x.mcc ?? '—'}</dd>
        <dt>{t('country')}</dt><dd>{x.merchantCountry ?? '—'}</dd>
        {x.authCode ? <><dt>{t('authCode')}</dt><dd><code>{x.authCode}</code></dd></> : null}
        {x.declineReason ? <><dt>{t('declineReason')}</dt><dd>{x.declineMessage ?? x.declineReason} (<code>{x.declineReason}</code>)</dd></> : null}
        {x.authorizationId && x.authorizationId !== x.transactionId ? (
          <><dt>{t('authorization')}</dt><dd><Link to="/transactions/$transactionId" params={{ transactionId: x.authorizationId }}><code>{x.authorizationId}</code></Link></dd></>
        ) : null}
        <dt>{t('time')}</dt><dd><Time value={x.transactionTime} /></dd>
        <dt>{t('settlementTime')}</dt><dd><Time value={x.settlementTime} /></dd>
        {x.reference ? <><dt>{t('reference')}</dt><dd><code>{x.reference}</code></dd></> : null}
      </dl>
    </section>
  );
}

function AuthorizationSummary({ authorization: a }: { authorization: TransactionRow }) {
  const t = useMessages(transactionMessages);
  const money = (value: number) => <Amount value={value} currency={a.billingCurrency} />;
  return (
    <section className="panel" aria-labelledby="authorization-summary">
      <h2 id="authorization-summary">{t('summaryTitle')}</h2>
      <dl className="facts" data-testid="authorization-summary">
        <dt>{t('billing')}</dt><dd>{money(a.billingAmount)}</dd>
        <dt>{t('held')}</dt><dd>{money(a.heldAmount)}</dd>
        <dt>{t('cleared')}</dt><dd>{money(a.clearedAmount)}</dd>
        <dt>{t('reversed')}</dt><dd>{money(a.reversedAmount)}</dd>
        <dt>{t('refunded')}</dt><dd>{money(a.refundedAmount)}</dd>
        <dt>{t('expiresAt')}</dt><dd><Time value={a.expiresAt} /></dd>
      </dl>
    </section>
  );
}
