// POST /admin/v1/products/{productCode}/retire
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';

describe('POST /admin/v1/products/{productCode}/retire', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let owner: TestUser;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer({ USD: '1000' });
    owner = await createUser(p, 'owner');
  });
  afterAll(async () => { await p?.close(); });

  let seq = 0;
  async function newProduct() {
    const code = `RET${++seq}`;
    const created = await p.admin('POST', '/products', { productCode: code, productName: 'Retiring', cardModels: ['Standard'], cardCurrency: ['USD'], binRange: '522981' });
    expect(created.statusCode, created.body).toBe(200);
    return { code, created: created.json.data };
  }
  const apply = (code: string) => p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: code, cardCurrency: 'USD', topUpAmount: '10' } });

  it('retires: no new cards on it, existing cards keep working, the list shows retiredOn', async () => {
    const { code, created } = await newProduct();
    const before = await apply(code);
    expect(before.json.data?.status, before.body).toBe('Completed');
    const cardId = before.json.data.cardInfos[0].cardId;
    const response = await owner.call('POST', `/products/${code}/retire`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({ ...created, retiredOn: expect.any(String) });
    expect(Math.abs(Date.parse(response.json.data.retiredOn) - Date.now())).toBeLessThan(60_000);
    expect((await p.admin('GET', '/products')).json.data.find((x: any) => x.productCode === code).retiredOn).toBe(response.json.data.retiredOn);
    const refused = await apply(code);
    expect(refused.statusCode).toBe(404);
    expect(refused.json.errorCode).toBe('PRODUCT_NOT_FOUND');
    const topUp = await p.api('POST', '/v1/orders/standard/topup', { token: c.token, body: { cardId, topUpAmount: '5' } });
    expect(topUp.json.data?.status, topUp.body).toBe('Completed');
    await p.expectLedgerClean();
  });

  it('records product.retire once; retiring again answers the same and records nothing', async () => {
    const { code, created } = await newProduct();
    const first = await owner.call('POST', `/products/${code}/retire`);
    const again = await owner.call('POST', `/products/${code}/retire`);
    expect(again.statusCode).toBe(200);
    expect(again.json.data).toEqual(first.json.data);
    const rows = (await auditRowsFor(p, code)).filter((r) => r.action === 'product.retire');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: owner.userId, target_type: 'product', before: created, after: first.json.data });
    await expectAuditClean(p);
  });

  it('404 for an unknown product; 403 without products.write, retiring nothing', async () => {
    const missing = await owner.call('POST', '/products/NOPE/retire');
    expect(missing.statusCode).toBe(404);
    expect(missing.json.errorCode).toBe('PRODUCT_NOT_FOUND');
    const { code } = await newProduct();
    for (const user of [await createUser(p, 'viewer'), await createUser(p, 'customer_admin', { customerId: c.customerId })]) {
      const response = await user.call('POST', `/products/${code}/retire`);
      expect(response.statusCode, user.role).toBe(403);
    }
    expect((await p.admin('GET', '/products')).json.data.find((x: any) => x.productCode === code).retiredOn).toBeNull();
    expect((await apply(code)).json.data?.status).toBe('Completed');
  });
});
