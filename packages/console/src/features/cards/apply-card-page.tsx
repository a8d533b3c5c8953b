import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { CARD_MODELS, isCustomerRole, type CardModel } from '@cardepass/contract';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { decimalsOf } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useApplyCard, useProducts, type ApplyInput } from './api.ts';
import { CustomerPicker } from './customer-picker.tsx';
import { OrderResult } from './card-labels.tsx';
import { amountProblem, newCustomerOrderNo, type AmountProblem } from './form-rules.ts';
import { cardMessages } from './messages.ts';
import { SelectField } from '../../components/select-field.tsx';

/**
 * /cards/new: apply for a card. The product list (GET /products: a customer user's entitled ones)
 * narrows to the mode; the currency to the product's. Standard asks for the first top-up, share
 * balance for its limits. Operators pick the customer; a customer user applies for its own.
 */
export function ApplyCardPage() {
  const t = useMessages(cardMessages);
  const session = useQuery(sessionQuery).data;
  const operator = session ? !isCustomerRole(session.user.role) : false;
  const products = useProducts();
  const apply = useApplyCard();
  const validate = useValidate();
  const [customerOrderNo] = useState(newCustomerOrderNo);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [mode, setMode] = useState<CardModel>('Standard');
  const [productCode, setProductCode] = useState('');
  const [currency, setCurrency] = useState('');

  const offered = (products.data ?? []).filter((p) => !p.retiredOn && p.cardModels.includes(mode));
  const product = offered.find((p) => p.productCode === productCode);
  const amountFields = mode === 'Standard' ? [{ name: 'topUpAmount', optional: false }]
    : [{ name: 'maxAuthAmount', optional: false }, { name: 'maxCreditAmount', optional: true }];
  const amountMessage = (problem: AmountProblem) => t(problem, { currency, decimals: decimalsOf(currency) });

  const submit = onSubmitOnce(apply.isPending, (values, form) => {
    const found = validate(form);
    if (operator && !values.customerId) found.customerId = t('required');
    if (!values.productCode) found.productCode = t('required');
    if (!values.cardCurrency) found.cardCurrency = t('required');
    for (const { name, optional } of amountFields) {
      const problem = values.cardCurrency ? amountProblem(values[name], values.cardCurrency, { optional }) : null;
      if (problem && !found[name]) found[name] = amountMessage(problem);
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    const input: ApplyInput = {
      cardModel: mode, productCode: values.productCode!, cardCurrency: values.cardCurrency!, customerOrderNo: values.customerOrderNo ?? customerOrderNo,
      ...(operator ? { customerId: values.customerId } : {}),
      ...(values.cardAlias?.trim() ? { cardAlias: values.cardAlias.trim() } : {}),
    };
    for (const { name } of amountFields) if (values[name]?.trim()) (input as unknown as Record<string, string>)[name] = values[name].trim();
    apply.mutate(input);
  });

  const placed = apply.data;
  const newCardId = placed?.cardInfos?.[0]?.cardId;
  return (
    <>
      <PageHeader title={t('applyTitle')} description={t('applyIntro')} actions={<Link to="/cards">{t('back')}</Link>} />
      {placed ? (
        <section className="panel">
          <OrderResult order={placed} />
          {newCardId ? <p><Link to="/cards/$cardId" params={{ cardId: newCardId }} className="button button-primary">{t('openCard')}</Link></p> : null}
        </section>
      ) : (
        <section className="panel">
          <form noValidate onSubmit={submit}>
            {operator ? <CustomerPicker error={errors.customerId} /> : null}
            <SelectField label={t('cardModel')} name="cardModel" value={mode}
              onChange={(e) => { setMode(e.target.value as CardModel); setProductCode(''); setCurrency(''); }}>
              {CARD_MODELS.map((m) => <option key={m} value={m}>{t(`model.${m}`)}</option>)}
            </SelectField>
            <SelectField label={t('product')} name="productCode" value={productCode} required error={errors.productCode}
              hint={products.isSuccess && offered.length === 0 ? t('noProducts') : undefined}
              onChange={(e) => {
                const next = offered.find((p) => p.productCode === e.target.value);
                setProductCode(e.target.value);
                setCurrency(next?.cardCurrency.length === 1 ? next.cardCurrency[0]! : '');
              }}>
              <option value="">{t('chooseProduct')}</option>
              {offered.map((p) => <option key={p.productCode} value={p.productCode}>{p.productName} ({p.productCode}, {p.cardOrganization})</option>)}
            </SelectField>
            <SelectField label={t('currency')} name="cardCurrency" value={currency} required error={errors.cardCurrency}
              disabled={!product} onChange={(e) => setCurrency(e.target.value)}>
              <option value="">{t('chooseCurrency')}</option>
              {(product?.cardCurrency ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
            </SelectField>
            {mode === 'Standard' ? (
              <Field label={t('firstTopUp', { currency: currency || '—' })} name="topUpAmount" inputMode="decimal" required error={errors.topUpAmount} />
            ) : (
              <>
                <Field label={t('maxAuthLabel', { currency: currency || '—' })} name="maxAuthAmount" inputMode="decimal" required error={errors.maxAuthAmount} />
                <Field label={t('maxCreditLabel', { currency: currency || '—' })} name="maxCreditAmount" inputMode="decimal" hint={t('maxCreditHint')} error={errors.maxCreditAmount} />
              </>
            )}
            <Field label={t('alias')} name="cardAlias" maxLength={64} hint={t('aliasHint')} error={errors.cardAlias} />
            <Field label={t('customerOrderNo')} name="customerOrderNo" defaultValue={customerOrderNo} required maxLength={64}
              pattern="[A-Za-z0-9_\-.:]+" data-pattern-message={t('orderNoPattern')} hint={t('customerOrderNoHint')} error={errors.customerOrderNo} />
            <FormError error={apply.error} />
            <SubmitButton pending={apply.isPending}>{t('applySubmit')}</SubmitButton>
          </form>
        </section>
      )}
    </>
  );
}
