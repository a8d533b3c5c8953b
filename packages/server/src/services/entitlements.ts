import { sql } from 'kysely';
import type { admin } from '@cardepass/contract';
import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import { recordAudit, type AuditOrigin } from './audit/audit-log.ts';

type ProductAccess = admin.ProductAccess;
export interface EntitlementView { productAccess: ProductAccess; productCodes: string[] }

// Every card application reads a customer's entitlements: cache them as briefly as
// Customers.principal does. A change applies at once in the process that made it
// (set() invalidates) and in other processes within this time.
const ENTITLEMENTS_TTL_MS = 5_000;
const ENTITLEMENTS_CACHE_LIMIT = 100_000;

/** Which products each customer may see and order: 'All' (the default) or a selected list. */
export class Entitlements {
  private readonly cache = new Map<string, { at: number; codes: ReadonlySet<string> | null }>();

  constructor(private readonly store: Store) {}

  /** The product codes the customer is limited to, or null when it may use every product. Cached. */
  async allowedCodes(customerId: string): Promise<ReadonlySet<string> | null> {
    const cached = this.cache.get(customerId);
    if (cached && Date.now() - cached.at < ENTITLEMENTS_TTL_MS) return cached.codes;
    const view = await this.read(customerId);
    // An unknown customer cannot reach here through a token; treat it as entitled to nothing.
    const codes = !view ? new Set<string>() : view.productAccess === 'All' ? null : new Set(view.productCodes);
    if (this.cache.size >= ENTITLEMENTS_CACHE_LIMIT) this.cache.clear();
    this.cache.set(customerId, { at: Date.now(), codes });
    return codes;
  }

  async get(customerId: string): Promise<EntitlementView> {
    const view = await this.read(customerId);
    if (!view) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    return view;
  }

  /**
   * Replaces the customer's entitlements, with its audit row, in one transaction.
   * 'All' keeps no list: every product, present and future, is offered.
   */
  async set(customerId: string, wanted: EntitlementView, origin: AuditOrigin): Promise<EntitlementView> {
    const codes = wanted.productAccess === 'All' ? [] : [...new Set(wanted.productCodes)].sort();
    if (codes.length > 0) {
      const known = await this.store.db.selectFrom('products').select('code').where('code', 'in', codes).execute();
      const missing = codes.filter((code) => !known.some((row) => row.code === code));
      if (missing.length > 0) {
        throw new ApiError('VALIDATION_FAILED', { field: 'productCodes', reason: `unknown product ${missing.slice(0, 5).join(', ')}` });
      }
    }
    const after: EntitlementView = { productAccess: wanted.productAccess, productCodes: codes };
    await this.store.db.transaction().execute(async (trx) => {
      // The customer's row is the lock: two concurrent changes apply one after the other, each audited with its true "before".
      const customer = await trx.selectFrom('customers').select('product_access').where('id', '=', customerId).forUpdate().executeTakeFirst();
      if (!customer) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
      const previous = await trx.selectFrom('customer_products').select('product_code').where('customer_id', '=', customerId).orderBy('product_code').execute();
      const before: EntitlementView = { productAccess: customer.product_access, productCodes: previous.map((row) => row.product_code) };
      await trx.updateTable('customers').set({ product_access: after.productAccess }).where('id', '=', customerId).execute();
      await trx.deleteFrom('customer_products').where('customer_id', '=', customerId).execute();
      if (codes.length > 0) {
        await trx.insertInto('customer_products').values(codes.map((code) => ({ customer_id: customerId, product_code: code }))).execute();
      }
      await recordAudit(trx, origin, {
        action: 'customer.entitlements_update', targetType: 'customer', targetId: customerId, customerId, before, after,
      });
    });
    this.cache.delete(customerId);
    return after;
  }

  private async read(customerId: string): Promise<EntitlementView | undefined> {
    const { rows } = await sql<{ product_access: ProductAccess; codes: string[] }>`
      SELECT c.product_access, coalesce(array(SELECT product_code FROM customer_products WHERE customer_id = c.id ORDER BY product_code), '{}') AS codes
      FROM customers c WHERE c.id = ${customerId}`.execute(this.store.db);
    const row = rows[0];
    return row ? { productAccess: row.product_access, productCodes: row.product_access === 'All' ? [] : row.codes } : undefined;
  }
}
