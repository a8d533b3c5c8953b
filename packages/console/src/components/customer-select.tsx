import { useDeferredValue, useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PageOf } from './data-table.tsx';
import { SelectField } from './select-field.tsx';
import { api } from '../lib/api.ts';
import { defineMessages, useMessages } from '../lib/i18n.tsx';

/**
 * An operator's choice of customer for a page or filter: a search box (GET /customers?q=, searched
 * on the server, first 20 matches) and a select submitted as the form field `customerId`. The value
 * already chosen (from the URL) stays an option even when the search no longer matches it.
 * Customer users never see it: the server scopes them to their own customer.
 */
const messages = defineMessages({
  search: 'Find a customer', searchHint: 'Part of the name or of the customer id', customer: 'Customer',
}, {
  search: '查找客户', searchHint: '名称或客户编号的一部分', customer: '客户',
});

interface CustomerOption { customerId: string; name: string }

export function CustomerSelect({ value, emptyLabel, required, error }: { value: string | undefined; emptyLabel: string; required?: boolean; error?: string | undefined }) {
  const t = useMessages(messages);
  const id = useId();
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q.trim());
  const customers = useQuery({
    queryKey: ['customers', 'select', deferred] as const,
    queryFn: ({ signal }) => api<PageOf<CustomerOption>>('GET', '/customers', { query: { q: deferred || undefined, PageSize: 20 }, signal }),
    placeholderData: keepPreviousData,
  });
  const options = customers.data?.data ?? [];
  const missing = value && !options.some((c) => c.customerId === value);
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{t('search')}</label>
        <input id={id} type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="hint">{t('searchHint')}</p>
      </div>
      {/* Keyed by the loaded options so defaultValue applies once they are there. */}
      <SelectField key={`${value ?? ''}-${customers.data ? 'loaded' : 'loading'}`} label={t('customer')} name="customerId" required={required} error={error} defaultValue={value ?? ''}>
        <option value="">{emptyLabel}</option>
        {missing ? <option value={value}>{value}</option> : null}
        {options.map((c) => <option key={c.customerId} value={c.customerId}>{c.name} ({c.customerId})</option>)}
      </SelectField>
    </>
  );
}
