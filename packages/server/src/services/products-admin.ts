import { CURRENCIES, FEE_CODES, isCurrency, parseAmount, parsePercent, percentToJsonNumber, type admin, type FeeCode } from '@cardepass/contract';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import { recordAudit, type AuditOrigin } from './audit/audit-log.ts';
import type { Catalog, CatalogProduct } from './catalog.ts';

type CreateProductRequest = admin.CreateProductRequest;
type FeeRow = { product_code: string; fee_code: FeeCode; charge_method: 'Fixed' | 'Percent'; fixed_value: string; percent_micros: bigint };

const invalid = (field: string, en: string, zh: string) => new ApiError('VALIDATION_FAILED', { field, reason: { en, zh } });

/** Validates a fee schedule: a fixed value must be a valid amount in every currency of the product. */
export function feeRows(productCode: string, currencies: readonly string[], fees: admin.ProductFeesInput | undefined): FeeRow[] {
  const rows: FeeRow[] = [];
  for (const code of FEE_CODES) {
    const rule = fees?.[code];
    if (!rule) continue;
    const field = `fees.${code}`;
    let fixed = '0';
    let percent = 0n;
    if (rule.chargeMethodType === 'Fixed') {
      if (rule.fixedValue === undefined || rule.percent !== undefined) throw invalid(field, 'a Fixed fee takes fixedValue and no percent', 'Fixed 收费方式需要 fixedValue，且不能有 percent');
      for (const currency of currencies) {
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
    rows.push({ product_code: productCode, fee_code: code, charge_method: rule.chargeMethodType, fixed_value: fixed, percent_micros: percent });
  }
  return rows;
}

export function renderAdminProduct(p: CatalogProduct) {
  return {
    productCode: p.code, productName: p.name, description: p.description, cardModels: p.cardModels, cardCurrency: p.currencies,
    cardOrganization: p.cardOrganization, binRange: p.binRange, validityMonths: p.validityMonths,
    fees: Object.values(p.fees).map((f) => ({ feeCode: f.feeCode, chargeMethodType: f.chargeMethodType, fixedValue: f.fixedValue, percent: percentToJsonNumber(f.percentMicros) })),
    createdOn: p.createdAt.toISOString(),
    retiredOn: p.retiredAt ? p.retiredAt.toISOString() : null,
  };
}

/**
 * Operator management of products: create with fee schedule and BIN range. With an
 * origin (the operator API), its audit row `product.create` is written in the same
 * transaction; the seed and the test harness create products without one.
 */
export async function createProduct(store: Store, catalog: Catalog, body: CreateProductRequest, origin?: AuditOrigin): Promise<CatalogProduct> {
  const unknown = body.cardCurrency.find((c) => !isCurrency(c));
  if (unknown) throw invalid('cardCurrency', `unknown currency ${unknown}`, `未知币种 ${unknown}`);
  const fees = feeRows(body.productCode, body.cardCurrency, body.fees);
  const organization = body.cardOrganization ?? (body.binRange.startsWith('4') ? 'VISA' : 'Mastercard');
  try {
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('products').values({
        code: body.productCode, name: body.productName, description: body.description ?? null, card_models: body.cardModels,
        currencies: body.cardCurrency, card_organization: organization, bin_range: body.binRange, validity_months: body.validityMonths ?? 36,
      }).execute();
      if (fees.length > 0) await trx.insertInto('product_fees').values(fees).execute();
      if (origin) {
        const created = await readProduct(trx, body.productCode);
        await recordAudit(trx, origin, { action: 'product.create', targetType: 'product', targetId: body.productCode, after: renderAdminProduct(created!) });
      }
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ApiError('PRODUCT_EXISTS', { productCode: body.productCode });
    throw error;
  }
  catalog.invalidate();
  return (await catalog.get(body.productCode))!;
}

/**
 * A product as stored now, read inside a transaction (the catalog's cache may be
 * seconds old): `lock` takes its row lock, so two updates apply one after the other
 * and each audit row's `before` is what the change really replaced.
 */
export async function readProduct(db: Kysely<DB> | Transaction<DB>, code: string, lock = false): Promise<CatalogProduct | undefined> {
  let query = db.selectFrom('products').selectAll().where('code', '=', code);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const fees = await db.selectFrom('product_fees').selectAll().where('product_code', '=', code).orderBy('fee_code').execute();
  return {
    code: row.code, name: row.name, description: row.description, cardModels: row.card_models as CatalogProduct['cardModels'],
    currencies: row.currencies.filter(isCurrency), cardOrganization: row.card_organization as CatalogProduct['cardOrganization'],
    binRange: row.bin_range, validityMonths: row.validity_months, createdAt: row.created_at, retiredAt: row.retired_at,
    fees: Object.fromEntries(fees.map((f) => [f.fee_code, {
      feeCode: f.fee_code as FeeCode, chargeMethodType: f.charge_method, fixedValue: f.fixed_value, percentMicros: BigInt(f.percent_micros),
    }])),
  };
}
