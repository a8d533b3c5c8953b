import { Empty } from '../../components/states.tsx';
import { Amount } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { CustomerDetail } from './api.ts';
import { customerMessages } from './messages.ts';

/** Funding balances per currency (ledger, held, available) and the customer's counts. */
export function CustomerSummary({ customer }: { customer: CustomerDetail }) {
  const t = useMessages(customerMessages);
  const { balances, counts } = customer;
  const figures: Array<[string, number]> = [
    [t('cardsActive'), counts.cards.Active], [t('cardsBlocked'), counts.cards.Blocked],
    [t('cardsCancel'), counts.cards.Cancel], [t('cardsExpired'), counts.cards.Expired],
    [t('usersCount'), counts.users], [t('clientsCount'), counts.activeClients], [t('webhooksCount'), counts.webhookEndpoints],
  ];
  return (
    <>
      <section className="panel" aria-labelledby="balances-title">
        <h2 id="balances-title">{t('balances')}</h2>
        {balances.length === 0 ? <Empty>{t('noBalances')}</Empty> : (
          <div className="table-wrap">
            <table className="table" aria-label={t('balancesCaption')} data-testid="balances">
              <thead><tr>
                <th scope="col">{t('currency')}</th><th scope="col" className="numeric">{t('ledgerAmount')}</th>
                <th scope="col" className="numeric">{t('heldAmount')}</th><th scope="col" className="numeric">{t('available')}</th>
              </tr></thead>
              <tbody>
                {balances.map((b) => (
                  <tr key={b.currency}>
                    <th scope="row">{b.currency}</th>
                    <td className="numeric"><Amount value={b.ledgerAmount} currency={b.currency} /></td>
                    <td className="numeric"><Amount value={b.heldAmount} currency={b.currency} /></td>
                    <td className="numeric"><Amount value={b.amount} currency={b.currency} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="counts-title">
        <h2 id="counts-title">{t('counts')}</h2>
        <dl className="counts">
          {figures.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}
        </dl>
      </section>
    </>
  );
}
