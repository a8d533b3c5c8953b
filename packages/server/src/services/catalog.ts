import { isCurrency, type CardModel, type Currency, type FeeCode } from '@cardepass/contract';
import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import type { FeeRule } from './fees.ts';
import { Entitlements } from './entitlements.ts';

export interface CatalogProduct {
  code: string;
  name: string;
  description: string | null;
  cardModels: CardModel[];
  currencies: Currency[];
  cardOrganization: 'Mastercard' | 'VISA';
  binRange: string;
  validityMonths: number;
  fees: Partial<Record<FeeCode, FeeRule>>;
  createdAt: Date;
  /** Set when retired: existing cards keep working, no new card is issued on it. */
  retiredAt: Date | null;
}

// Products change rarely and are read on every order: cache them, briefly, so
// a change made through another process shows within this many milliseconds.
const CATALOG_TTL_MS = 5_000;

/** The product catalog (global, operator-defined), cached in memory. */
export class Catalog {
  private cache: { loadedAt: number; products: Map<string, CatalogProduct> } | undefined;
  private loading: Promise<Map<string, CatalogProduct>> | undefined;
  /** Which products each customer may see and order. */
  readonly entitlements: Entitlements;

  constructor(private readonly store: Store) {
    this.entitlements = new Entitlements(store);
  }

  invalidate(): void { this.cache = undefined; }

  async all(): Promise<Map<string, CatalogProduct>> {
    if (this.cache && Date.now() - this.cache.loadedAt < CATALOG_TTL_MS) return this.cache.products;
    this.loading ??= this.load().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  async get(code: string): Promise<CatalogProduct | undefined> {
    return (await this.all()).get(code);
  }

  /** The products a customer may apply for now: not retired, and among its entitled ones when it has a selection. */
  async offeredTo(customerId: string): Promise<CatalogProduct[]> {
    const [products, allowed] = await Promise.all([this.all(), this.entitlements.allowedCodes(customerId)]);
    return [...products.values()].filter((p) => p.retiredAt === null && (allowed === null || allowed.has(p.code)));
  }

  /**
   * The product a new card names, checked to be offered to this customer (not retired,
   * entitled) and to offer the card model and currency. A product the customer may not
   * use is refused exactly like one that does not exist: it learns nothing of the catalog.
   */
  async requireOffering(code: string, cardModel: CardModel, currency: string, customerId: string): Promise<{ product: CatalogProduct; currency: Currency }> {
    const [product, allowed] = await Promise.all([this.get(code), this.entitlements.allowedCodes(customerId)]);
    if (!product || product.retiredAt !== null || (allowed !== null && !allowed.has(code))) throw new ApiError('PRODUCT_NOT_FOUND', { productCode: code });
    if (!product.cardModels.includes(cardModel)) throw new ApiError('CARD_MODEL_NOT_SUPPORTED', { productCode: code, cardModel });
    if (!isCurrency(currency) || !product.currencies.includes(currency)) {
      throw new ApiError('UNSUPPORTED_CURRENCY', { productCode: code, currency });
    }
    return { product, currency };
  }

  private async load(): Promise<Map<string, CatalogProduct>> {
    const [products, fees] = await Promise.all([
      this.store.db.selectFrom('products').selectAll().orderBy('code').execute(),
      this.store.db.selectFrom('product_fees').selectAll().execute(),
    ]);
    const map = new Map<string, CatalogProduct>();
    for (const row of products) {
      map.set(row.code, {
        code: row.code,
        name: row.name,
        description: row.description,
        cardModels: row.card_models as CardModel[],
        currencies: row.currencies.filter(isCurrency),
        cardOrganization: row.card_organization as CatalogProduct['cardOrganization'],
        binRange: row.bin_range,
        validityMonths: row.validity_months,
        fees: {},
        createdAt: row.created_at,
        retiredAt: row.retired_at,
      });
    }
    for (const fee of fees) {
      const product = map.get(fee.product_code);
      if (!product) continue;
      product.fees[fee.fee_code as FeeCode] = {
        feeCode: fee.fee_code as FeeCode,
        chargeMethodType: fee.charge_method,
        fixedValue: fee.fixed_value,
        percentMicros: BigInt(fee.percent_micros),
      };
    }
    this.cache = { loadedAt: Date.now(), products: map };
    return map;
  }
}
