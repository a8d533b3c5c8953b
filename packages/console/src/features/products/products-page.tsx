import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { Badge } from '../../components/badge.tsx';
import { ConfirmModal } from '../../components/modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { formatDateTime } from '../../lib/format.tsx';
import { useLanguage, useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useProducts, useRetireProduct, type Product } from './api.ts';
import { fractionToPercentText } from './fee-rules.ts';
import { productMessages } from './messages.ts';
import { ProductFormDialog } from './product-form-dialog.tsx';

/**
 * /products: the catalog with fee schedules, BIN ranges, modes and currencies. Operators with
 * products.write create, edit and retire; everyone else (customer users: their entitled products,
 * as the server answers) reads it, with no buttons.
 */
export function ProductsPage() {
  const t = useMessages(productMessages);
  const { language } = useLanguage();
  const session = useQuery(sessionQuery).data;
  const canWrite = session?.permissions.includes('products.write') ?? false;
  const customer = session ? isCustomerRole(session.user.role) : false;
  const products = useProducts();
  const retire = useRetireProduct();
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [retiring, setRetiring] = useState<Product | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const feeText = (p: Product) => p.fees.map((f) => `${t(`fee.${f.feeCode}`)}: ${f.chargeMethodType === 'Fixed' ? f.fixedValue : `${fractionToPercentText(f.percent)} %`}`);

  return (
    <>
      <PageHeader title={t('title')} description={t(customer ? 'introCustomer' : 'intro')}
        actions={canWrite ? <button type="button" className="button button-primary" onClick={() => { setSaved(null); setEditing('new'); }}>{t('newProduct')}</button> : null} />
      {saved ? <p role="status" className="success" data-testid="product-saved">{t('saved', { code: saved })}</p> : null}
      {products.isPending ? <Loading /> : products.isError ? <ErrorState error={products.error} onRetry={() => void products.refetch()} />
        : products.data.length === 0 ? <Empty>{t('empty')}</Empty> : (
          // A wide table may scroll sideways: the region takes focus so keyboard users can scroll it too.
          <div className="table-wrap" role="region" aria-label={t('caption')} tabIndex={0}>
            <table className="table products-table">
              <caption className="visually-hidden">{t('caption')}</caption>
              <thead><tr>
                <th scope="col">{t('code')}</th><th scope="col">{t('name')}</th><th scope="col">{t('modes')}</th>
                <th scope="col">{t('currencies')}</th><th scope="col">{t('binRange')}</th><th scope="col">{t('fees')}</th>
                <th scope="col">{t('status')}</th>{canWrite ? <th scope="col">{t('actions')}</th> : null}
              </tr></thead>
              <tbody>
                {products.data.map((p) => (
                  <tr key={p.productCode} data-product={p.productCode}>
                    <th scope="row"><code>{p.productCode}</code></th>
                    <td>{p.productName}{p.description ? <div className="muted small">{p.description}</div> : null}</td>
                    <td>{p.cardModels.map((m) => t(`model.${m}`)).join(', ')}</td>
                    <td>{p.cardCurrency.join(', ')}</td>
                    <td><code>{p.binRange}</code> <span className="muted small">{p.cardOrganization}</span></td>
                    <td>{p.fees.length === 0 ? <span className="muted">{t('noFees')}</span>
                      : <ul className="fee-list">{feeText(p).map((line) => <li key={line}>{line}</li>)}</ul>}</td>
                    <td>{p.retiredOn
                      ? <span title={`${p.retiredOn} (UTC)`}><Badge tone="bad">{t('retired')}</Badge><div className="muted small">{t('retiredOn', { date: formatDateTime(p.retiredOn, language) })}</div></span>
                      : <Badge tone="good">{t('offered')}</Badge>}</td>
                    {canWrite ? (
                      <td>{p.retiredOn ? null : (
                        <div className="product-row-actions">
                          <button type="button" className="button" aria-label={`${t('edit')} ${p.productCode}`} onClick={() => { setSaved(null); setEditing(p); }}>{t('edit')}</button>
                          <button type="button" className="button" aria-label={`${t('retire')} ${p.productCode}`} onClick={() => { retire.reset(); setRetiring(p); }}>{t('retire')}</button>
                        </div>
                      )}</td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {editing ? (
        <ProductFormDialog product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)}
          onSaved={(code) => { setEditing(null); setSaved(code); }} />
      ) : null}
      {retiring ? (
        <ConfirmModal title={t('retireTitle', { code: retiring.productCode })} confirmLabel={t('retire')} pending={retire.isPending} error={retire.error}
          onCancel={() => setRetiring(null)} onConfirm={() => retire.mutate(retiring.productCode, { onSuccess: () => setRetiring(null) })}>
          <p>{t('retireConfirm')}</p>
        </ConfirmModal>
      ) : null}
    </>
  );
}
