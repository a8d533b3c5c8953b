import { useState } from 'react';
import { FormError, SubmitButton, onSubmitOnce } from '../../components/form.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useAllProducts, useEntitlements, useSetEntitlements, type Entitlements } from './api.ts';
import { customerMessages } from './messages.ts';

/**
 * Which products the customer may see and issue on: All (including products created later) or the
 * Selected ones. Users without customers.write see the same choices, read-only, and no Save button.
 */
export function CustomerEntitlements({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const t = useMessages(customerMessages);
  const current = useEntitlements(customerId);
  const products = useAllProducts(true);
  if (current.isPending || products.isPending) return <section className="panel" aria-label={t('entitlements')}><Loading /></section>;
  const error = current.error ?? products.error;
  if (error) return <section className="panel" aria-label={t('entitlements')}><ErrorState error={error} onRetry={() => { void current.refetch(); void products.refetch(); }} /></section>;
  return <EntitlementsForm key={customerId} customerId={customerId} canWrite={canWrite} initial={current.data!}
    products={products.data!.map((p) => ({ code: p.productCode, name: p.productName, retired: p.retiredOn !== null }))} />;
}

function EntitlementsForm({ customerId, canWrite, initial, products }: {
  customerId: string; canWrite: boolean; initial: Entitlements; products: Array<{ code: string; name: string; retired: boolean }>;
}) {
  const t = useMessages(customerMessages);
  const save = useSetEntitlements(customerId);
  const [access, setAccess] = useState(initial.productAccess);
  const [codes, setCodes] = useState(() => new Set(initial.productCodes));
  const [problem, setProblem] = useState<string | null>(null);
  const toggle = (code: string, on: boolean) => setCodes((previous) => {
    const next = new Set(previous);
    if (on) next.add(code); else next.delete(code);
    return next;
  });
  const submit = onSubmitOnce(save.isPending, () => {
    if (access === 'Selected' && codes.size === 0) { setProblem(t('selectOne')); return; }
    setProblem(null);
    save.mutate({ productAccess: access, productCodes: access === 'Selected' ? [...codes] : [] });
  });
  const readOnly = !canWrite;

  return (
    <section className="panel" aria-labelledby="entitlements-title">
      <h2 id="entitlements-title">{t('entitlements')}</h2>
      <p className="muted">{t('entitlementsIntro')}</p>
      <form noValidate onSubmit={submit}>
        <fieldset className="checks">
          <legend>{t('entitlementsScope')}</legend>
          <label className="check"><input type="radio" name="productAccess" value="All" checked={access === 'All'} disabled={readOnly} onChange={() => setAccess('All')} />{t('entitlementsAll')}</label>
          <label className="check"><input type="radio" name="productAccess" value="Selected" checked={access === 'Selected'} disabled={readOnly} onChange={() => setAccess('Selected')} />{t('entitlementsSelected')}</label>
        </fieldset>
        <fieldset className="checks" disabled={readOnly || access === 'All'} aria-describedby={problem ? 'entitlements-problem' : undefined}>
          <legend>{t('entitlementsProducts')}</legend>
          {products.map((p) => (
            <label key={p.code} className="check">
              <input type="checkbox" name="productCodes" value={p.code} checked={access === 'All' || codes.has(p.code)} onChange={(e) => toggle(p.code, e.target.checked)} />
              {p.name} <code>{p.code}</code>{p.retired ? <span className="muted"> ({t('retired')})</span> : null}
            </label>
          ))}
        </fieldset>
        {problem ? <p id="entitlements-problem" className="field-error" role="alert">{problem}</p> : null}
        <FormError error={save.error} />
        {save.isSuccess ? <p role="status" className="success">{t('saved')}</p> : null}
        {canWrite ? <SubmitButton pending={save.isPending}>{t('save')}</SubmitButton> : null}
      </form>
    </section>
  );
}
