import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';

describe('GET /openapi/v1/products', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer();
  });
  afterAll(async () => { await p?.close(); });

  it('lists the products with every documented field, and only those', async () => {
    const response = await p.api('GET', '/v1/products', { token: c.token });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null, errorMessage: 'Success' });
    const products = response.json.data;
    expect(products.map((x: { productCode: string }) => x.productCode)).toEqual(['PROD001', 'PROD002']);
    for (const product of products) {
      expect(Object.keys(product).sort()).toEqual(['cardCurrency', 'cardModels', 'description', 'productCode', 'productName']);
    }
    expect(products[0]).toEqual({
      productCode: 'PROD001',
      productName: 'USD/EUR virtual card',
      cardModels: ['Standard', 'ShareBalance'],
      cardCurrency: ['USD', 'EUR'],
      description: 'Mastercard virtual card, Standard and ShareBalance modes',
    });
    expect(products[1]).toMatchObject({ productCode: 'PROD002', cardModels: ['Standard'], cardCurrency: ['USD', 'GBP', 'HKD'] });
  });

  it('does not expose the operator\'s product settings (BIN range, fees)', async () => {
    const response = await p.api('GET', '/v1/products', { token: c.token });
    expect(response.body).not.toContain('522981');
    expect(response.body).not.toMatch(/fee|binRange|validityMonths/i);
  });

  it('shows a product the operator creates at once, description null when it has none', async () => {
    const created = await p.admin('POST', '/products', {
      productCode: 'PROD_JPY', productName: 'Yen card', cardModels: ['Standard'], cardCurrency: ['JPY'], binRange: '44445555',
    });
    expect(created.statusCode, created.body).toBe(200);
    const response = await p.api('GET', '/v1/products', { token: c.token });
    expect(response.json.data.find((x: { productCode: string }) => x.productCode === 'PROD_JPY')).toEqual({
      productCode: 'PROD_JPY', productName: 'Yen card', cardModels: ['Standard'], cardCurrency: ['JPY'], description: null,
    });
  });

  it('needs a token', async () => {
    const response = await p.api('GET', '/v1/products');
    expect(response.statusCode).toBe(401);
    expect(response.json).toMatchObject({ hasError: true, errorCode: 'UNAUTHORIZED', data: null });
  });
});
