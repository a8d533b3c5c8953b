import { useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { CURRENCY_CODES, isCustomerRole } from '@cardepass/contract';
import { CustomerSelect } from '../../components/customer-select.tsx';
import { FilterBar, type ListSearch } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { useMessages, useT } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { ActivityCharts } from './activity-charts.tsx';
import { CardCounts, CustomerBalances, FundingAccounts } from './balances.tsx';
import { overviewMessages } from './messages.ts';

/** The overview's search parameters: the currency of the charts, and (operators) the customer looked at. */
export const OVERVIEW_FILTERS = ['currency', 'customerId'] as const;
const DEFAULT_CURRENCY = 'USD';

/**
 * The landing page: balances, cards by status and the last 30 days as charts, in the chosen currency.
 * Operators see the whole platform or one customer they pick; customer users see their own customer
 * (the server scopes every call to it).
 */
export function OverviewPage() {
  const t = useMessages(overviewMessages);
  const shared = useT();
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  if (!session) return null;
  const { user } = session;
  const operator = !isCustomerRole(user.role);
  const currency = typeof search.currency === 'string' && (CURRENCY_CODES as readonly string[]).includes(search.currency) ? search.currency : DEFAULT_CURRENCY;
  const customerId = operator ? (search.customerId as string | undefined) : user.customerId ?? undefined;
  const filters = operator ? OVERVIEW_FILTERS : OVERVIEW_FILTERS.filter((name) => name !== 'customerId');
  return (
    <>
      <PageHeader title={shared('overview.title')}
        description={`${shared('overview.welcome', { email: user.email })} ${shared('overview.role')}: ${shared(`role.${user.role}`)}.`} />
      <p className="muted">{operator ? t('intro') : t('introCustomer')}</p>
      <FilterBar filters={filters}>
        {operator ? <CustomerSelect value={customerId} emptyLabel={t('allCustomers')} /> : null}
        {/* The currency switch applies at once: changing it submits the filters. */}
        <SelectField key={currency} label={t('currency')} name="currency" defaultValue={currency}
          onChange={(e) => e.currentTarget.form?.requestSubmit()}>
          {CURRENCY_CODES.map((c) => <option key={c} value={c}>{c}</option>)}
        </SelectField>
      </FilterBar>
      {customerId ? <CustomerBalances customerId={customerId} />
        : <FundingAccounts currency={currency} pageNumber={search.PageNumber ?? 1} pageSize={search.PageSize} />}
      <CardCounts customerId={customerId} />
      <ActivityCharts currency={currency} customerId={customerId} />
    </>
  );
}
