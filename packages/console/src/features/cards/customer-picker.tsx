import { useDeferredValue, useId, useState } from 'react';
import { useMessages } from '../../lib/i18n.tsx';
import { useCustomerOptions } from './api.ts';
import { cardMessages } from './messages.ts';
import { SelectField } from '../../components/select-field.tsx';

/**
 * The operators' customer choice for a new card: a search box (GET /customers?q=, on the server) and
 * a list of the active customers that match. Submits as the form field `customerId`.
 */
export function CustomerPicker({ error }: { error?: string | undefined }) {
  const t = useMessages(cardMessages);
  const id = useId();
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q.trim());
  const customers = useCustomerOptions(deferred, true);
  return (
    <div className="customer-picker">
      <div className="field">
        <label htmlFor={id}>{t('customerSearch')}</label>
        <input id={id} type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="hint">{t('customerSearchHint')}</p>
      </div>
      <SelectField label={t('customer')} name="customerId" required error={error} defaultValue="">
        <option value="">{t('chooseCustomer')}</option>
        {(customers.data?.data ?? []).map((c) => <option key={c.customerId} value={c.customerId}>{c.name} ({c.customerId})</option>)}
      </SelectField>
    </div>
  );
}
