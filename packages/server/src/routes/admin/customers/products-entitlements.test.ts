// GET/PUT /admin/v1/customers/{customerId}/products, and their effect on GET /v1/products and card applications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';

describe('customer product entitlements', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });

  const listed = async (c: TestCustomer) =>
    ((await p.api('GET', '/v1/products', { token: c.token })).json.data as Array<{ productCode: string }>).map((x) => x.productCode);
  const applyStandard = (c: TestCustomer, productCode: string) =>
    p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode, cardCurrency: 'USD', topUpAmount: '10' } });
  const applyShared = (c: TestCustomer, productCode: string) =>
    p.api('POST', '/v1/orders/sharebalance/apply', { token: c.token, body: { productCode, cardCurrency: 'USD', maxAuthAmount: 50 } });
  const put = (customerId: string, body: unknown) => p.admin('PUT', `/customers/${customerId}/products`, body);

  it("defaults to 'All': every product listed and orderable", async () => {
    const c = await p.customer({ USD: '100' });
    expect((await p.admin('GET', `/customers/${c.customerId}/products`)).json.data).toEqual({ productAccess: 'All', productCodes: [] });
    expect(await listed(c)).toEqual(['PROD001', 'PROD002']);
  });

  it("'Selected' lists only the entitled products and refuses others exactly like an unknown product, in both modes", async () => {
    const c = await p.customer({ USD: '1000' });
    const response = await put(c.customerId, { productAccess: 'Selected', productCodes: ['PROD002'] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({ productAccess: 'Selected', productCodes: ['PROD002'] });
    expect((await p.admin('GET', `/customers/${c.customerId}/products`)).json.data).toEqual({ productAccess: 'Selected', productCodes: ['PROD002'] });
    expect(await listed(c)).toEqual(['PROD002']);

    const unknown = await applyStandard(c, 'PRODNOPE');
    for (const refused of [await applyStandard(c, 'PROD001'), await applyShared(c, 'PROD001')]) {
      expect(refused.statusCode, refused.body).toBe(404);
      expect(refused.json.errorCode).toBe('PRODUCT_NOT_FOUND');
      expect(refused.json.errorMessage).toBe(unknown.json.errorMessage.replace('PRODNOPE', 'PROD001'));
    }
    expect((await applyStandard(c, 'PROD002')).json.data.status).toBe('Completed');
    // Other customers are untouched.
    const other = await p.customer({ USD: '100' });
    expect(await listed(other)).toEqual(['PROD001', 'PROD002']);
    expect((await applyStandard(other, 'PROD001')).statusCode).toBe(200);

    // Back to 'All': everything again at once in this process; the list is dropped.
    expect((await put(c.customerId, { productAccess: 'All', productCodes: ['PROD002'] })).json.data).toEqual({ productAccess: 'All', productCodes: [] });
    expect(await listed(c)).toEqual(['PROD001', 'PROD002']);
    expect((await applyShared(c, 'PROD001')).statusCode).toBe(200);
    await p.expectLedgerClean();
  });

  it("'Selected' with no codes offers nothing", async () => {
    const c = await p.customer({ USD: '100' });
    await put(c.customerId, { productAccess: 'Selected', productCodes: [] });
    expect(await listed(c)).toEqual([]);
    expect((await applyStandard(c, 'PROD002')).json.errorCode).toBe('PRODUCT_NOT_FOUND');
  });

  it('a retired product is neither listed nor issued on, whatever the entitlements', async () => {
    const c = await p.customer({ USD: '100' });
    await p.admin('POST', '/products', {
      productCode: 'RETIRING', productName: 'Soon gone', cardModels: ['Standard', 'ShareBalance'], cardCurrency: ['USD'], binRange: '555555',
    });
    p.app.ctx.catalog.invalidate();
    expect(await listed(c)).toContain('RETIRING');
    await p.store.db.updateTable('products').set({ retired_at: new Date() }).where('code', '=', 'RETIRING').execute();
    p.app.ctx.catalog.invalidate();
    expect(await listed(c)).not.toContain('RETIRING');
    expect((await applyStandard(c, 'RETIRING')).json.errorCode).toBe('PRODUCT_NOT_FOUND');
    expect((await applyShared(c, 'RETIRING')).json.errorCode).toBe('PRODUCT_NOT_FOUND');
    await put(c.customerId, { productAccess: 'Selected', productCodes: ['RETIRING'] });
    expect(await listed(c)).toEqual([]);
    expect((await applyStandard(c, 'RETIRING')).json.errorCode).toBe('PRODUCT_NOT_FOUND');
  });

  it('records customer.entitlements_update once, with before and after', async () => {
    const c = await p.customer();
    const admin = await createUser(p, 'admin');
    expect((await admin.call('PUT', `/customers/${c.customerId}/products`, { productAccess: 'Selected', productCodes: ['PROD002', 'PROD001'] })).statusCode).toBe(200);
    const rows = (await auditRowsFor(p, c.customerId)).filter((r) => r.action === 'customer.entitlements_update');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: admin.userId, customer_id: c.customerId, target_type: 'customer',
      before: { productAccess: 'All', productCodes: [] }, after: { productAccess: 'Selected', productCodes: ['PROD001', 'PROD002'] },
    });
    await expectAuditClean(p);
  });

  it('validates: unknown product, more than 100 codes, bad access → 400 naming the field; nothing changes or is audited', async () => {
    const c = await p.customer();
    const unknown = await put(c.customerId, { productAccess: 'Selected', productCodes: ['PROD001', 'NOSUCH'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json.errorCode).toBe('VALIDATION_FAILED');
    expect(unknown.json.errorMessage).toContain('productCodes');
    expect(unknown.json.errorMessage).toContain('NOSUCH');
    const tooMany = await put(c.customerId, { productAccess: 'Selected', productCodes: Array.from({ length: 101 }, (_, i) => `P${i}`) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json.errorMessage).toContain('productCodes');
    for (const body of [{ productAccess: 'Some', productCodes: [] }, { productCodes: [] }, { productAccess: 'All' }, { productAccess: 'All', productCodes: [], extra: 1 }]) {
      const response = await put(c.customerId, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json.errorCode).toBe('VALIDATION_FAILED');
    }
    expect((await put('CUSNOSUCH', { productAccess: 'All', productCodes: [] })).json.errorCode).toBe('CUSTOMER_NOT_FOUND');
    expect((await p.admin('GET', '/customers/CUSNOSUCH/products')).statusCode).toBe(404);
    expect((await p.admin('GET', `/customers/${c.customerId}/products`)).json.data.productAccess).toBe('All');
    expect((await auditRowsFor(p, c.customerId)).map((r) => r.action)).toEqual(['customer.create']);
  });

  it('customer users may read their own entitlements only, and never change them', async () => {
    const own = await p.customer();
    const other = await p.customer();
    const user = await createUser(p, 'customer_admin', { customerId: own.customerId });
    expect((await user.call('GET', `/customers/${own.customerId}/products`)).json.data).toEqual({ productAccess: 'All', productCodes: [] });
    const hidden = await user.call('GET', `/customers/${other.customerId}/products`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json.errorCode).toBe('CUSTOMER_NOT_FOUND');
    const refused = await user.call('PUT', `/customers/${own.customerId}/products`, { productAccess: 'Selected', productCodes: [] });
    expect(refused.statusCode).toBe(403);
    expect((await (await createUser(p, 'support')).call('PUT', `/customers/${own.customerId}/products`, { productAccess: 'All', productCodes: [] })).statusCode).toBe(403);
    expect(await listed(own)).toEqual(['PROD001', 'PROD002']);
  });
});
