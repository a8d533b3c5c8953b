import { DataTable, type Column } from '../../components/data-table.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { Amount } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useCardCounts, useCustomerDetail, useFundingAccounts, type LedgerAccount } from './api.ts';
import { overviewMessages } from './messages.ts';

/** One customer's funding balances in every currency (GET /customers/{id}). */
export function CustomerBalances({ customerId }: { customerId: string }) {
  const t = useMessages(overviewMessages);
  const detail = useCustomerDetail(customerId);
  return (
    <section className="panel" aria-labelledby="ov-balances">
      <h2 id="ov-balances">{t('balances')}</h2>
      {detail.isPending ? <Loading /> : detail.isError ? <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
        : detail.data.balances.length === 0 ? <Empty>{t('noBalances')}</Empty> : (
          <div className="table-wrap">
            <table className="table" data-testid="balances">
              <caption className="visually-hidden">{t('balances')}</caption>
              <thead><tr>
                <th scope="col">{t('balanceCurrency')}</th><th scope="col" className="numeric">{t('available')}</th>
                <th scope="col" className="numeric">{t('ledger')}</th><th scope="col" className="numeric">{t('held')}</th>
              </tr></thead>
              <tbody>
                {detail.data.balances.map((b) => (
                  <tr key={b.currency}>
                    <th scope="row">{b.currency}</th>
                    <td className="numeric"><Amount value={b.amount} currency={b.currency} /></td>
                    <td className="numeric"><Amount value={b.ledgerAmount} currency={b.currency} /></td>
                    <td className="numeric"><Amount value={b.heldAmount} currency={b.currency} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

/**
 * With no customer chosen, an operator sees every customer's funding account in the chosen currency,
 * paged on the server. (The API has no platform-wide total per currency: see the lead's notes.)
 */
export function FundingAccounts({ currency, pageNumber, pageSize }: { currency: string; pageNumber: number; pageSize: number | undefined }) {
  const t = useMessages(overviewMessages);
  const accounts = useFundingAccounts(currency, true, pageNumber, pageSize);
  const columns: Column<LedgerAccount>[] = [
    { header: t('customer'), cell: (a) => <code>{a.customerId}</code> },
    { header: t('available'), numeric: true, cell: (a) => (a.availableAmount === null ? '—' : <Amount value={a.availableAmount} currency={a.currency} />) },
    { header: t('ledger'), numeric: true, cell: (a) => <Amount value={a.ledgerBalance} currency={a.currency} /> },
    { header: t('held'), numeric: true, cell: (a) => <Amount value={a.heldAmount} currency={a.currency} /> },
  ];
  return (
    <section className="panel" aria-labelledby="ov-balances">
      <h2 id="ov-balances">{t('fundingIn', { currency })}</h2>
      <p className="muted">{t('fundingHint')}</p>
      <DataTable caption={t('fundingIn', { currency })} columns={columns} query={accounts} rowKey={(a) => a.accountId} empty={t('noBalances')} />
    </section>
  );
}

/** Cards by status, counted on the server (customer users: their own; operators: the chosen customer or all). */
export function CardCounts({ customerId }: { customerId: string | undefined }) {
  const t = useMessages(overviewMessages);
  const cards = useCardCounts(customerId);
  return (
    <section className="panel" aria-labelledby="ov-cards">
      <h2 id="ov-cards">{t('cardsByStatus')}</h2>
      {cards.isPending ? <Loading /> : cards.error ? <ErrorState error={cards.error} onRetry={cards.refetch} /> : (
        <dl className="ov-counts" data-testid="card-counts">
          {cards.counts.map((c) => <div key={c.status}><dt>{t(`status.${c.status}`)}</dt><dd>{c.count}</dd></div>)}
        </dl>
      )}
    </section>
  );
}
