import { FEE_CODES, type FeeCode } from '@cardepass/contract';
import { Field } from '../../components/form.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { FeeDrafts, FeeMethod } from './fee-rules.ts';
import { productMessages } from './messages.ts';

/** One row per fee: how it is charged (not, fixed, percent) and its value; the value's label says its unit. */
export function FeeScheduleFields({ drafts, onChange, errors }: {
  drafts: FeeDrafts; onChange: (next: FeeDrafts) => void; errors: Partial<Record<FeeCode, string>>;
}) {
  const t = useMessages(productMessages);
  const set = (code: FeeCode, patch: Partial<FeeDrafts[FeeCode]>) => onChange({ ...drafts, [code]: { ...drafts[code], ...patch } });
  return (
    <fieldset className="product-checks fee-fieldset">
      <legend>{t('feeSchedule')}</legend>
      <p className="hint">{t('feeScheduleHint')}</p>
      <table className="table fee-table" aria-label={t('feeCaption')}>
        <thead><tr><th scope="col">{t('fee')}</th><th scope="col">{t('method')}</th><th scope="col">{t('value')}</th></tr></thead>
        <tbody>
          {FEE_CODES.map((code) => {
            const fee = t(`fee.${code}`);
            const { method, value } = drafts[code];
            return (
              <tr key={code}>
                <th scope="row">{fee}</th>
                <td>
                  <SelectField label={t('methodLabel', { fee })} name={`method.${code}`} value={method}
                    onChange={(e) => set(code, { method: e.target.value as FeeMethod, value: '' })}>
                    {(['None', 'Fixed', 'Percent'] as const).map((m) => <option key={m} value={m}>{t(`method.${m}`)}</option>)}
                  </SelectField>
                </td>
                <td>
                  {method === 'None' ? <span className="muted">—</span> : (
                    <Field label={t(method === 'Fixed' ? 'fixedLabel' : 'percentLabel', { fee })} name={`value.${code}`} value={value}
                      inputMode="decimal" autoComplete="off" maxLength={20} error={errors[code]}
                      onChange={(e) => set(code, { value: e.target.value })} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
