import { useState } from 'react';
import { CARD_MODELS, CARD_ORGANIZATIONS, CURRENCY_CODES, type FeeCode } from '@cardepass/contract';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useCreateProduct, useUpdateProduct, type Product } from './api.ts';
import { checkFees, draftsFrom, type FeeDrafts } from './fee-rules.ts';
import { FeeScheduleFields } from './fee-schedule-fields.tsx';
import { productMessages } from './messages.ts';

/**
 * Create a product, or edit one (name, description, BIN range, fee schedule: what the API lets change).
 * Checks in the browser first — patterns, at least one mode and currency, fees valid in every currency
 * of the product — then shows the server's own refusal. The fee schedule is sent whole: it replaces the old one.
 */
export function ProductFormDialog({ product, onClose, onSaved }: { product?: Product; onClose: () => void; onSaved: (code: string) => void }) {
  const t = useMessages(productMessages);
  const create = useCreateProduct();
  const update = useUpdateProduct(product?.productCode ?? '');
  const mutation = product ? update : create;
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [feeErrors, setFeeErrors] = useState<Partial<Record<FeeCode, string>>>({});
  const [drafts, setDrafts] = useState<FeeDrafts>(() => draftsFrom(product?.fees ?? []));
  const [currencies, setCurrencies] = useState<string[]>(product?.cardCurrency ?? ['USD']);

  const submit = onSubmitOnce(mutation.isPending, (values, form) => {
    const found = validate(form);
    const data = new FormData(form);
    const models = data.getAll('cardModels').map(String);
    if (!product && models.length === 0) found.cardModels = t('chooseOne');
    if (!product && currencies.length === 0) found.cardCurrency = t('chooseOne');
    const { fees, problems } = checkFees(drafts, currencies);
    const messages: Partial<Record<FeeCode, string>> = {};
    for (const [code, problem] of Object.entries(problems)) messages[code as FeeCode] = t(problem.key, { currency: problem.currency ?? '', decimals: problem.decimals ?? 0 });
    setErrors(found);
    setFeeErrors(messages);
    if (Object.keys(found).length || Object.keys(messages).length) return;
    const description = values.description?.trim() ?? '';
    const done = (saved: Product) => onSaved(saved.productCode);
    if (product) {
      update.mutate({ productName: values.productName!.trim(), description: description || null, binRange: values.binRange!.trim(), fees }, { onSuccess: done });
    } else {
      create.mutate({
        productCode: values.productCode!.trim(), productName: values.productName!.trim(), ...(description ? { description } : {}),
        cardModels: models as typeof CARD_MODELS[number][], cardCurrency: currencies, binRange: values.binRange!.trim(),
        ...(values.cardOrganization ? { cardOrganization: values.cardOrganization as typeof CARD_ORGANIZATIONS[number] } : {}),
        validityMonths: Number(values.validityMonths), fees,
      }, { onSuccess: done });
    }
  });

  const toggleCurrency = (code: string, on: boolean) => setCurrencies((previous) => (on ? [...previous, code] : previous.filter((c) => c !== code)));
  return (
    <Modal title={product ? t('editTitle', { code: product.productCode }) : t('newProduct')} busy={mutation.isPending} onClose={onClose} wide>
      <form noValidate onSubmit={submit}>
        <div className="form-row">
          {product ? null : <Field label={t('code')} name="productCode" required maxLength={32} pattern="[A-Za-z0-9_\-]+" autoComplete="off"
            data-pattern-message={t('codePattern')} hint={t('codeHint')} error={errors.productCode} />}
          <Field label={t('name')} name="productName" required maxLength={128} defaultValue={product?.productName ?? ''} autoComplete="off" error={errors.productName} />
        </div>
        <Field label={t('description')} name="description" maxLength={1000} defaultValue={product?.description ?? ''} autoComplete="off" error={errors.description} />
        <div className="form-row">
          <Field label={t('binRange')} name="binRange" required pattern="[0-9]{6,8}" inputMode="numeric" maxLength={8} defaultValue={product?.binRange ?? ''}
            data-pattern-message={t('binPattern')} hint={t('binHint')} error={errors.binRange} autoComplete="off" />
          {product ? null : (
            <>
              <SelectField label={t('organization')} name="cardOrganization" defaultValue="">
                <option value="">{t('organizationAuto')}</option>
                {CARD_ORGANIZATIONS.map((o) => <option key={o} value={o}>{o}</option>)}
              </SelectField>
              <Field label={t('validityMonths')} name="validityMonths" type="number" required min={1} max={120} defaultValue="36" error={errors.validityMonths} />
            </>
          )}
        </div>
        {product ? null : (
          <>
            <fieldset className="product-checks" aria-describedby={errors.cardModels ? 'models-error' : undefined}>
              <legend>{t('modes')}</legend>
              {CARD_MODELS.map((m) => <label key={m}><input type="checkbox" name="cardModels" value={m} defaultChecked={m === 'Standard'} />{t(`model.${m}`)}</label>)}
              {errors.cardModels ? <p id="models-error" className="field-error">{errors.cardModels}</p> : null}
            </fieldset>
            <fieldset className="product-checks" aria-describedby={errors.cardCurrency ? 'currency-error' : undefined}>
              <legend>{t('currencies')}</legend>
              {CURRENCY_CODES.map((c) => <label key={c}><input type="checkbox" name="cardCurrency" value={c} checked={currencies.includes(c)} onChange={(e) => toggleCurrency(c, e.target.checked)} />{c}</label>)}
              {errors.cardCurrency ? <p id="currency-error" className="field-error">{errors.cardCurrency}</p> : null}
            </fieldset>
          </>
        )}
        <FeeScheduleFields drafts={drafts} onChange={setDrafts} errors={feeErrors} />
        <FormError error={mutation.error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={mutation.isPending}>{t('cancel')}</button>
          <SubmitButton pending={mutation.isPending}>{t(product ? 'save' : 'create')}</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
