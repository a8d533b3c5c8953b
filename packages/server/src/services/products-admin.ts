import { CURRENCIES, FEE_CODES, isCurrency, parseAmount, parsePercent, percentToJsonNumber, type admin, type FeeCode } from '@cardepass/contract';
import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import type { Catalog, CatalogProduct } from './catalog.ts';

type CreateProductRequest = admin.CreateProductRequest;
type FeeRow = { product_code: string; fee_code: FeeCode; charge_method: 'Fixed' | 'Percent'; fixed_value: string; percent_micros: bigint };

const invalid = (field: string, en: string, zh: string) => new ApiError('VALIDATION_FAILED', { field, reason: { en, zh } });

/** Validates a fee schedule: a fixed value must be a valid amount in every currency of the product. */
function feeRows(body: CreateProductRequest): FeeRow[] {
  const rows: FeeRow[] = [];
  for (const code of FEE_CODES) {
    const rule = body.fees?.[code];
    if (!rule) continue;
    const field = `fees.${code}`;
    let fixed = '0';
    let percent = 0n;
    if (rule.chargeMethodType === 'Fixed') {
      if (rule.fixedValue === undefined || rule.percent !== undefined) throw invalid(field, 'a Fixed fee takes fixedValue and no percent', 'Fixed 收费方式需要 fixedValue，且不能有 percent');
      for (const currency of body.cardCurrency) {
        const parsed = parseAmount(rule.fixedValue ?? '0', CURRENCIES[currency as keyof typeof CURRENCIES], { allowZero: true });
        if (!parsed.ok) throw invalid(`${field}.fixedValue`, `must be a non-negative amount valid in ${currency}`, `必须是 ${currency} 下有效的非负金额`);
      }
      fixed = String(rule.fixedValue ?? '0').trim();
    } else {
      if (rule.fixedValue !== undefined) throw invalid(field, 'a Percent fee takes percent and no fixedValue', 'Percent 收费方式需要 percent，且不能有 fixedValue');
      const micros = rule.percent === undefined ? null : parsePercent(rule.percent);
      if (micros === null) throw invalid(`${field}.percent`, 'must be a fraction from 0 to 1 with at most 6 decimals (0.015 = 1.5 %)', '必须是 0 到 1 之间、最多 6 位小数的比例（0.015 = 1.5%）');
      percent = micros;
    }
    rows.push({ product_code: body.productCode, fee_code: code, charge_method: rule.chargeMethodType, fixed_value: fixed, percent_micros: percent });
  }
  return rows;
}

export function renderAdminProduct(p: CatalogProduct) {
  return {
    productCode: p.code, productName: p.name, description: p.description, cardModels: p.cardModels, cardCurrency: p.currencies,
    cardOrganization: p.cardOrganization, binRange: p.binRange, validityMonths: p.validityMonths,
    fees: Object.values(p.fees).map((f) => ({ feeCode: f.feeCode, chargeMethodType: f.chargeMethodType, fixedValue: f.fixedValue, percent: percentToJsonNumber(f.percentMicros) })),
    createdOn: p.createdAt.toISOString(),
  };
}

/** Operator management of products: create with fee schedule and BIN range. */
export async function createProduct(store: Store, catalog: Catalog, body: CreateProductRequest): Promise<CatalogProduct> {
  const unknown = body.cardCurrency.find((c) => !isCurrency(c));
  if (unknown) throw invalid('cardCurrency', `unknown currency ${unknown}`, `未知币种 ${unknown}`);
  const fees = feeRows(body);
  const organization = body.cardOrganization ?? (body.binRange.startsWith('4') ? 'VISA' : 'Mastercard');
  try {
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('products').values({
        code: body.productCode, name: body.productName, description: body.description ?? null, card_models: body.cardModels,
        currencies: body.cardCurrency, card_organization: organization, bin_range: body.binRange, validity_months: body.validityMonths ?? 36,
      }).execute();
      if (fees.length > 0) await trx.insertInto('product_fees').values(fees).execute();
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ApiError('PRODUCT_EXISTS', { productCode: body.productCode });
    throw error;
  }
  catalog.invalidate();
  return (await catalog.get(body.productCode))!;
}
