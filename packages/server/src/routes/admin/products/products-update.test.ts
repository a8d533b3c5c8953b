// PATCH /admin/v1/products/{productCode}
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';

describe('PATCH /admin/v1/products/{productCode}', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let admin: TestUser;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c = await p.customer({ USD: '1000' });
    admin = await createUser(p, 'admin');
  });
  afterAll(async () => { await p?.close(); });

  let seq = 0;
  async function newProduct(fees: Record<string, unknown> = {}) {
    const code = `UPD${++seq}`;
    const created = await p.admin('POST', '/products', { productCode: code, productName: 'Before', description: 'Old', cardModels: ['Standard'], cardCurrency: ['USD', 'JPY'], binRange: '522981', fees });
    expect(created.statusCode, created.body).toBe(200);
    return { code, created: created.json.data };
  }
  const apply = (code: string) => p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: code, cardCurrency: 'USD', topUpAmount: '10' } });

  it('changes name, description, BIN range and the whole fee schedule; orders use the new fees at once', async () => {
    const { code, created } = await newProduct({ CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '1' }, CARD_TOPUP: { chargeMethodType: 'Percent', percent: '0.01' } });
    // The catalog has the old schedule cached: the first order reads it.
    expect((await apply(code)).json.data).toMatchObject({ totalFee: 1.1, status: 'Completed' });
    const response = await admin.call('PATCH', `/products/${code}`, {
      productName: 'After', description: null, binRange: '41111100', fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '2' } },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toMatchObject({
      productCode: code, productName: 'After', description: null, binRange: '41111100', cardCurrency: ['USD', 'JPY'],
      fees: [{ feeCode: 'CARD_ISSUE', chargeMethodType: 'Fixed', fixedValue: '2', percent: 0 }], createdOn: created.createdOn, retiredOn: null,
    });
    const order = await apply(code);
    // No top-up fee any more, the new issue fee, and a PAN from the new BIN range.
    expect(order.json.data).toMatchObject({ totalFee: 2, status: 'Completed' });
    const card = await p.api('GET', `/v1/cards/${order.json.data.cardInfos[0].cardId}`, { token: c.token });
    expect(card.json.data.cardNumber).toMatch(/^41111100/);
    expect((await p.admin('GET', '/products')).json.data.find((x: any) => x.productCode === code)).toEqual(response.json.data);
    await p.expectLedgerClean();
  });

  it('leaves out what is not sent, and records product.update once with before and after', async () => {
    const { code, created } = await newProduct({ CARD_CANCEL: { chargeMethodType: 'Fixed', fixedValue: '3' } });
    const response = await admin.call('PATCH', `/products/${code}`, { productName: 'Renamed' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data).toEqual({ ...created, productName: 'Renamed' });
    const rows = (await auditRowsFor(p, code)).filter((r) => r.action === 'product.update');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: admin.userId, target_type: 'product', customer_id: null });
    expect(rows[0]!.before).toEqual(created);
    expect(rows[0]!.after).toEqual(response.json.data);
    await expectAuditClean(p);
  });

  it('rejects bad changes naming the field, changing and recording nothing', async () => {
    const { code, created } = await newProduct();
    const cases: Array<[unknown, string]> = [
      [{}, ''],
      [{ binRange: '12' }, 'binRange'],
      [{ productName: '' }, 'productName'],
      [{ cardCurrency: ['EUR'] }, ''],
      // JPY has no decimals: a fixed fee of 0.5 is not an amount in every currency of the product.
      [{ fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '0.5' } } }, 'fees.CARD_ISSUE.fixedValue'],
      [{ fees: { CARD_TOPUP: { chargeMethodType: 'Percent', percent: 2 } } }, 'fees.CARD_TOPUP.percent'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.call('PATCH', `/products/${code}`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json.errorMessage).toContain(field);
    }
    expect((await p.admin('GET', '/products')).json.data.find((x: any) => x.productCode === code)).toEqual(created);
    expect((await auditRowsFor(p, code)).filter((r) => r.action === 'product.update')).toHaveLength(0);
    const missing = await admin.call('PATCH', '/products/NOPE', { productName: 'x' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json.errorCode).toBe('PRODUCT_NOT_FOUND');
  });

  it('needs products.write and, for a session, its CSRF token', async () => {
    const { code, created } = await newProduct();
    for (const user of [await createUser(p, 'support'), await createUser(p, 'customer_admin', { customerId: c.customerId })]) {
      const response = await user.call('PATCH', `/products/${code}`, { productName: 'Hijacked' });
      expect(response.statusCode, user.role).toBe(403);
      expect(response.json.errorCode).toBe('FORBIDDEN');
    }
    const noCsrf = await admin.call('PATCH', `/products/${code}`, { productName: 'Hijacked' }, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.json.errorCode).toBe('CSRF_TOKEN_INVALID');
    expect((await p.admin('GET', '/products')).json.data.find((x: any) => x.productCode === code)).toEqual(created);
    expect(await auditRowsFor(p, code)).toHaveLength(1);
  });
});
