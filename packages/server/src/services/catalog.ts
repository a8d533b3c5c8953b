import { isCurrency, type CardModel, type Currency, type FeeCode } from '@cardepass/contract';
import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import type { FeeRule } from './fees.ts';

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
}

// Products change rarely and are read on every order: cache them, briefly, so
// a change made through another process shows within this many milliseconds.
const CATALOG_TTL_MS = 5_000;

/** The product catalog (global, operator-defined), cached in memory. */
export class Catalog {
  private cache: { loadedAt: number; products: Map<string, CatalogProduct> } | undefined;
  private loading: Promise<Map<string, CatalogProduct>> | undefined;

  constructor(private readonly store: Store) {}

  invalidate(): void { this.cache = undefined; }

  async all(): Promise<Map<string, CatalogProduct>> {
    if (this.cache && Date.now() - this.cache.loadedAt < CATALOG_TTL_MS) return this.cache.products;
    this.loading ??= this.load().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  async get(code: string): Promise<CatalogProduct | undefined> {
    return (await this.all()).get(code);
  }

  /** The product an order names, checked to offer the card model and currency. */
  async requireOffering(code: string, cardModel: CardModel, currency: string): Promise<{ product: CatalogProduct; currency: Currency }> {
    const product = await this.get(code);
    if (!product) throw new ApiError('PRODUCT_NOT_FOUND', { productCode: code });
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
