import { sql } from 'kysely';
import type { admin } from '@cardepass/contract';
import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import { recordAudit, type AuditOrigin } from './audit/audit-log.ts';
import type { Catalog, CatalogProduct } from './catalog.ts';
import { feeRows, readProduct, renderAdminProduct } from './products-admin.ts';

/**
 * Changes to a product after it was created: name, description, BIN range and fee
 * schedule (PATCH), and retirement. Each is one transaction with its audit row, the
 * product's row locked so the row's `before` is exactly what the change replaced;
 * then this process's catalog is invalidated (others see it within the catalog's TTL).
 */
export async function updateProduct(store: Store, catalog: Catalog, code: string, change: admin.ProductUpdateRequest, origin: AuditOrigin): Promise<CatalogProduct> {
  const updated = await store.db.transaction().execute(async (trx) => {
    const before = await readProduct(trx, code, true);
    if (!before) throw new ApiError('PRODUCT_NOT_FOUND', { productCode: code });
    // Validated against the product's currencies before anything is written: a bad fee changes nothing.
    const fees = change.fees === undefined ? undefined : feeRows(code, before.currencies, change.fees);
    const columns = {
      ...(change.productName !== undefined ? { name: change.productName } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.binRange !== undefined ? { bin_range: change.binRange } : {}),
    };
    if (Object.keys(columns).length > 0) await trx.updateTable('products').set(columns).where('code', '=', code).execute();
    if (fees !== undefined) {
      // The schedule is replaced whole: a fee code left out is no longer charged.
      await trx.deleteFrom('product_fees').where('product_code', '=', code).execute();
      if (fees.length > 0) await trx.insertInto('product_fees').values(fees).execute();
    }
    const after = (await readProduct(trx, code))!;
    await recordAudit(trx, origin, {
      action: 'product.update', targetType: 'product', targetId: code, before: renderAdminProduct(before), after: renderAdminProduct(after),
    });
    return after;
  });
  catalog.invalidate();
  return updated;
}

/**
 * Retires a product: no new cards on it (the card application refuses it), existing
 * cards keep working. Retiring a retired product changes nothing and records nothing.
 */
export async function retireProduct(store: Store, catalog: Catalog, code: string, origin: AuditOrigin): Promise<CatalogProduct> {
  const retired = await store.db.transaction().execute(async (trx) => {
    const before = await readProduct(trx, code, true);
    if (!before) throw new ApiError('PRODUCT_NOT_FOUND', { productCode: code });
    if (before.retiredAt !== null) return before;
    await trx.updateTable('products').set({ retired_at: sql<Date>`now()` }).where('code', '=', code).execute();
    const after = (await readProduct(trx, code))!;
    await recordAudit(trx, origin, {
      action: 'product.retire', targetType: 'product', targetId: code, before: renderAdminProduct(before), after: renderAdminProduct(after),
    });
    return after;
  });
  catalog.invalidate();
  return retired;
}
