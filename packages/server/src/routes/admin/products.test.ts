// POST /admin/v1/products and GET /admin/v1/products
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../test/people-kit.ts';

const PRODUCT_FIELDS = ['binRange', 'cardCurrency', 'cardModels', 'cardOrganization', 'createdOn', 'description', 'fees', 'productCode', 'productName', 'retiredOn', 'validityMonths'];

describe('admin products', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  let seq = 0;
  const product = (o: Record<string, unknown> = {}) => ({
    productCode: `P${++seq}`, productName: 'Test card', cardModels: ['Standard'], cardCurrency: ['USD'], binRange: '522981', ...o,
  });
  const create = (body: Record<string, unknown>) => p.admin('POST', '/products', body);
  const byCode = (a: { feeCode: string }, b: { feeCode: string }) => a.feeCode.localeCompare(b.feeCode);

  function expectInvalid(response: Awaited<ReturnType<typeof create>>, field: string) {
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json).toMatchObject({ hasError: true, errorCode: 'VALIDATION_FAILED', data: null });
    expect(response.json.errorMessage).toContain(field);
  }

  describe('POST /products', () => {
    it('creates a product with its fee schedule and answers every field', async () => {
      const response = await create(product({
        productCode: 'FULL1', productName: 'Full card', description: 'All the options', cardModels: ['Standard', 'ShareBalance'],
        cardCurrency: ['USD', 'EUR'], cardOrganization: 'Mastercard', binRange: '52298100', validityMonths: 24,
        fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '5' }, CARD_TOPUP: { chargeMethodType: 'Percent', percent: '0.015' },
          CARD_CANCEL: { chargeMethodType: 'Fixed', fixedValue: 2.5 } },
      }));
      expect(response.statusCode, response.body).toBe(200);
      const data = response.json.data;
      expect(Object.keys(data).sort()).toEqual(PRODUCT_FIELDS);
      expect(data).toMatchObject({
        productCode: 'FULL1', productName: 'Full card', description: 'All the options', cardModels: ['Standard', 'ShareBalance'],
        cardCurrency: ['USD', 'EUR'], cardOrganization: 'Mastercard', binRange: '52298100', validityMonths: 24,
      });
      expect(data.fees.sort(byCode)).toEqual([
        { feeCode: 'CARD_CANCEL', chargeMethodType: 'Fixed', fixedValue: '2.5', percent: 0 },
        { feeCode: 'CARD_ISSUE', chargeMethodType: 'Fixed', fixedValue: '5', percent: 0 },
        { feeCode: 'CARD_TOPUP', chargeMethodType: 'Percent', fixedValue: '0', percent: 0.015 },
      ]);
      expect(Math.abs(Date.parse(data.createdOn) - Date.now())).toBeLessThan(60_000);
    });

    it('defaults: validity 36 months, organization from the BIN, no description, no fees', async () => {
      const visa = (await create(product({ binRange: '411111' }))).json.data;
      expect(visa).toMatchObject({ cardOrganization: 'VISA', validityMonths: 36, description: null, fees: [] });
      expect((await create(product({ binRange: '522981' }))).json.data.cardOrganization).toBe('Mastercard');
    });

    it('the fee schedule applies to orders at once', async () => {
      const code = 'FEES1';
      await create(product({ productCode: code, fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '0.99' }, CARD_TOPUP: { chargeMethodType: 'Percent', percent: 0.02 } } }));
      const c = await p.customer({ USD: '100' });
      const apply = await p.api('POST', '/v1/orders/standard/apply', { token: c.token, body: { productCode: code, cardCurrency: 'USD', topUpAmount: '10' } });
      expect(apply.statusCode, apply.body).toBe(200);
      expect(apply.json.data).toMatchObject({ totalTopUpAmount: 10, totalFee: 1.19, totalPayAmount: 11.19, status: 'Completed' });
      await p.expectLedgerClean();
    });

    it('rejects a fixed fee with more decimals than a product currency has', async () => {
      expectInvalid(await create(product({ fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '1.234' } } })), 'fees.CARD_ISSUE.fixedValue');
      const jpy = await create(product({ cardCurrency: ['USD', 'JPY'], fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '0.5' } } }));
      expectInvalid(jpy, 'fees.CARD_ISSUE.fixedValue');
      expect(jpy.json.errorMessage).toContain('JPY');
    });

    it('rejects negative or non-numeric fixed fees', async () => {
      for (const fixedValue of ['-1', 'five', '1e2']) {
        expectInvalid(await create(product({ fees: { CARD_WITHDRAW: { chargeMethodType: 'Fixed', fixedValue } } })), 'fees.CARD_WITHDRAW.fixedValue');
      }
    });

    it('rejects percentages outside 0..1 or with more than 6 decimals (1.5 is 150 %, not 1.5 %)', async () => {
      for (const percent of [1.5, '1.5', -0.01, '0.0000001', 'abc']) {
        expectInvalid(await create(product({ fees: { CARD_TOPUP: { chargeMethodType: 'Percent', percent } } })), 'fees.CARD_TOPUP.percent');
      }
      expectInvalid(await create(product({ fees: { CARD_TOPUP: { chargeMethodType: 'Percent' } } })), 'fees.CARD_TOPUP');
      expect((await create(product({ fees: { CARD_TOPUP: { chargeMethodType: 'Percent', percent: 1 } } }))).statusCode).toBe(200);
    });

    it('rejects ambiguous fee rules and unknown fee codes', async () => {
      expectInvalid(await create(product({ fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '1', percent: 0.01 } } })), 'fees.CARD_ISSUE');
      expectInvalid(await create(product({ fees: { CARD_ISSUE: { chargeMethodType: 'Percent', percent: 0.01, fixedValue: '1' } } })), 'fees.CARD_ISSUE');
      expectInvalid(await create(product({ fees: { CARD_ISSUE: { chargeMethodType: 'Fixed' } } })), 'fees.CARD_ISSUE');
      expect((await create(product({ fees: { ATM_FEE: { chargeMethodType: 'Fixed', fixedValue: '1' } } }))).statusCode).toBe(400);
      expect((await create(product({ fees: { CARD_ISSUE: { chargeMethodType: 'Tiered', fixedValue: '1' } } }))).statusCode).toBe(400);
    });

    it('validates the product itself', async () => {
      expectInvalid(await create(product({ cardCurrency: ['USD', 'XYZ'] })), 'cardCurrency');
      expectInvalid(await create(product({ cardCurrency: [] })), 'cardCurrency');
      expectInvalid(await create(product({ cardModels: [] })), 'cardModels');
      expectInvalid(await create(product({ cardModels: ['Gold'] })), 'cardModels');
      expectInvalid(await create(product({ binRange: '12345' })), 'binRange');
      expectInvalid(await create(product({ binRange: '5229810000' })), 'binRange');
      expectInvalid(await create(product({ productCode: 'has space' })), 'productCode');
      expectInvalid(await create(product({ validityMonths: 0 })), 'validityMonths');
      expectInvalid(await create(product({ validityMonths: 121 })), 'validityMonths');
      const { productName: _, ...noName } = product();
      expectInvalid(await create(noName), 'productName');
    });

    it('a duplicate code → 409 PRODUCT_EXISTS, the original untouched', async () => {
      const first = await create(product({ productCode: 'DUP1', productName: 'Original' }));
      expect(first.statusCode).toBe(200);
      const again = await create(product({ productCode: 'DUP1', productName: 'Impostor', fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '99' } } }));
      expect(again.statusCode).toBe(409);
      expect(again.json).toMatchObject({ hasError: true, errorCode: 'PRODUCT_EXISTS', data: null });
      expect(again.json.errorMessage).toContain('DUP1');
      const listed = (await p.admin('GET', '/products')).json.data.find((x: { productCode: string }) => x.productCode === 'DUP1');
      expect(listed).toMatchObject({ productName: 'Original', fees: [] });
    });

    it('a rejected product leaves nothing behind: the code is still free, no audit row', async () => {
      expectInvalid(await create(product({ productCode: 'RETRY1', fees: { CARD_TOPUP: { chargeMethodType: 'Percent', percent: 2 } } })), 'percent');
      expect(await auditRowsFor(p, 'RETRY1')).toHaveLength(0);
      expect((await create(product({ productCode: 'RETRY1' }))).statusCode).toBe(200);
    });

    it('records product.create once, with who and the product as created; a duplicate records nothing', async () => {
      const owner = await createUser(p, 'admin');
      const created = await owner.call('POST', '/products', product({ productCode: 'AUDIT1', fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '1' } } }));
      expect(created.statusCode, created.body).toBe(200);
      expect((await owner.call('POST', '/products', product({ productCode: 'AUDIT1' }))).statusCode).toBe(409);
      const rows = await auditRowsFor(p, 'AUDIT1');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'product.create', target_type: 'product', actor_type: 'user', actor_id: owner.userId, actor_label: owner.email, customer_id: null, before: null });
      expect(rows[0]!.after).toEqual(created.json.data);
      await expectAuditClean(p);
    });

    it('needs products.write: support and customer admins get 403 and create nothing', async () => {
      const c = await p.customer();
      for (const user of [await createUser(p, 'support'), await createUser(p, 'customer_admin', { customerId: c.customerId })]) {
        const response = await user.call('POST', '/products', product({ productCode: `NOPE_${user.role}` }));
        expect(response.statusCode, user.role).toBe(403);
        expect(response.json.errorCode).toBe('FORBIDDEN');
        expect(await auditRowsFor(p, `NOPE_${user.role}`)).toHaveLength(0);
      }
    });
  });

  describe('GET /products', () => {
    it('lists every product by code, with fees and BIN ranges', async () => {
      await create(product({ productCode: 'LIST_B' }));
      await create(product({ productCode: 'LIST_A', fees: { CARD_WITHDRAW: { chargeMethodType: 'Fixed', fixedValue: '1' } } }));
      const response = await p.admin('GET', '/products');
      expect(response.statusCode).toBe(200);
      const codes = response.json.data.map((x: { productCode: string }) => x.productCode);
      expect(codes).toEqual([...codes].sort());
      const a = response.json.data.find((x: { productCode: string }) => x.productCode === 'LIST_A');
      expect(Object.keys(a).sort()).toEqual(PRODUCT_FIELDS);
      expect(a).toMatchObject({ binRange: '522981', retiredOn: null, fees: [{ feeCode: 'CARD_WITHDRAW', chargeMethodType: 'Fixed', fixedValue: '1', percent: 0 }] });
    });

    it('a customer user sees every product under All, only its entitled ones under Selected', async () => {
      const c = await p.customer();
      const viewer = await createUser(p, 'customer_viewer', { customerId: c.customerId });
      const all = (await p.admin('GET', '/products')).json.data.map((x: { productCode: string }) => x.productCode);
      expect((await viewer.call('GET', '/products')).json.data.map((x: { productCode: string }) => x.productCode)).toEqual(all);
      const limited = await p.customer();
      await p.store.db.updateTable('customers').set({ product_access: 'Selected' }).where('id', '=', limited.customerId).execute();
      await p.store.db.insertInto('customer_products').values([{ customer_id: limited.customerId, product_code: 'LIST_A' }]).execute();
      const limitedViewer = await createUser(p, 'customer_viewer', { customerId: limited.customerId });
      const seen = await limitedViewer.call('GET', '/products');
      expect(seen.statusCode).toBe(200);
      expect(seen.json.data.map((x: { productCode: string }) => x.productCode)).toEqual(['LIST_A']);
    });
  });
});
