import { useState } from 'react';
import { CURRENCY_CODES } from '@cardepass/contract';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { decimalsOf, formatAmount } from '../../lib/format.tsx';
import { useLanguage, useMessages, useT } from '../../lib/i18n.tsx';
import { useAdjust, useDeposit, type MoneyResult } from './api.ts';
import { customerMessages } from './messages.ts';
import { amountProblem, newReference } from './money-rules.ts';

type Kind = 'deposit' | 'adjust';

/**
 * The deposit and adjustment forms (money.deposit). Each opening has its own reference, prefilled and
 * editable (a bank transfer id); a retry after a lost answer sends the same reference, so the money
 * moves once. After a success the form starts over with a new reference.
 */
export function CustomerMoney({ customerId }: { customerId: string }) {
  return (
    <div className="panel-grid">
      <MoneyForm kind="deposit" customerId={customerId} />
      <MoneyForm kind="adjust" customerId={customerId} />
    </div>
  );
}

function MoneyForm({ kind, customerId }: { kind: Kind; customerId: string }) {
  const t = useMessages(customerMessages);
  const shared = useT();
  const { language } = useLanguage();
  const deposit = useDeposit(customerId);
  const adjust = useAdjust(customerId);
  const mutation = kind === 'deposit' ? deposit : adjust;
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [opening, setOpening] = useState(0);
  const [reference, setReference] = useState(() => newReference(kind === 'deposit' ? 'dep' : 'adj'));
  const [currency, setCurrency] = useState<string>('USD');
  const [done, setDone] = useState<MoneyResult | null>(null);
  const titleId = `${kind}-title`;

  const submit = onSubmitOnce(mutation.isPending, (values, form) => {
    const found = validate(form);
    const problem = amountProblem(values.amount, currency, { signed: kind === 'adjust' });
    if (problem && !found.amount) found.amount = t(problem === 'required' ? 'amountNumber' : problem, { currency, decimals: decimalsOf(currency) });
    if (kind === 'adjust' && !values.reason?.trim() && !found.reason) found.reason = shared('form.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    setDone(null);
    const body = { customerId, currency, amount: values.amount!.trim(), reference: values.reference!.trim(), reason: values.reason?.trim() || undefined };
    const onSuccess = (result: MoneyResult) => {
      setDone(result);
      form.reset();
      setReference(newReference(kind === 'deposit' ? 'dep' : 'adj'));
      setOpening((n) => n + 1);
    };
    if (kind === 'deposit') deposit.mutate(body, { onSuccess });
    else adjust.mutate({ ...body, reason: body.reason ?? '' }, { onSuccess });
  });

  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(kind === 'deposit' ? 'deposit' : 'adjust')}</h2>
      <p className="muted">{t(kind === 'deposit' ? 'depositIntro' : 'adjustIntro')}</p>
      <form noValidate onSubmit={submit} key={opening} aria-labelledby={titleId}>
        <SelectField label={t('currency')} name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
          {CURRENCY_CODES.map((code) => <option key={code} value={code}>{code}</option>)}
        </SelectField>
        <Field label={`${t(kind === 'deposit' ? 'amount' : 'signedAmount')} (${currency})`} name="amount" required inputMode="decimal"
          autoComplete="off" maxLength={20} error={errors.amount} hint={kind === 'adjust' ? t('signedHint') : undefined} />
        <Field label={t('reference')} name="reference" required maxLength={64} value={reference} onChange={(e) => setReference(e.target.value)}
          hint={t('referenceHint')} error={errors.reference} />
        <Field label={t(kind === 'deposit' ? 'reasonOptional' : 'reason')} name="reason" required={kind === 'adjust'} maxLength={500}
          hint={t('reasonHint')} error={errors.reason} />
        <FormError error={mutation.error} />
        {done ? (
          <p role="status" className="success" data-testid={`${kind}-done`}>
            {t('moneyDone', { amount: formatAmount(done.amount, done.currency, language), reference: done.reference, balance: formatAmount(done.balanceAfter, done.currency, language) })}
          </p>
        ) : null}
        <SubmitButton pending={mutation.isPending}>{t(kind === 'deposit' ? 'doDeposit' : 'doAdjust')}</SubmitButton>
      </form>
    </section>
  );
}
